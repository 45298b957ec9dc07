using System.Globalization;
using Vitrion.ForceField;
using Vitrion.ForceField.Lammps;
using Vitrion.ForceField.Spec;
using Vitrion.IO.Lammps;

// Writes a LAMMPS NVE deck for the side-by-side MD benchmark (bench/run-md-bench.sh):
//   MdBench DATA OUTDIR STEPS [FORCEFIELD.json] [ensemble nve|nvt|npt] [T]
// Same settings as `vitrion md DATA --steps STEPS`: PPPM 1e-5, 12 Å, skin 2, 1 fs, velocities from the file,
// thermo every 50 steps (step temp pe etotal press density).
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: MdBench DATA OUTDIR STEPS [FORCEFIELD.json] [nve|nvt|npt] [T]");
    return 2;
}

string data = Path.GetFullPath(args[0]);
string outDir = args[1];
long steps = long.Parse(args[2], CultureInfo.InvariantCulture);
var spec = args.Length > 3 ? ForceFieldSpec.Load(args[3]) : ForceFieldSpec.LoadDefault();
string ensemble = args.Length > 4 ? args[4] : "nve";
string t = args.Length > 5 ? args[5] : "500";
var topology = LammpsDataReader.Read(data).Topology;
var parameters = ForceFieldParameters.Resolve(spec, topology);
string fix = ensemble switch
{
    "nvt" => $"fix integ all nvt temp {t} {t} 100.0",
    "npt" => $"fix integ all npt temp {t} {t} 100.0 iso 1.0 1.0 1000.0",
    _ => "fix integ all nve",
};
var input = LammpsInputWriter.Create(data, parameters, new LammpsInputOptions
{
    Kspace = KspaceStyle.Pppm,
    Accuracy = 1e-5,
    Skin = 2.0,
    ThermoEvery = 50,
    Tail =
    [
        "timestep 1.0",
        "neigh_modify delay 0 every 1 check yes",
        "thermo_style custom step temp pe etotal press density",
        "thermo_modify format float %.6f",
        fix,
        $"run {steps}",
    ],
});
Directory.CreateDirectory(outDir);
input.Write(Path.Combine(outDir, "in.lammps"));
Console.WriteLine(Path.Combine(outDir, "in.lammps"));
return 0;

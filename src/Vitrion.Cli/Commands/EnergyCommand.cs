using System.CommandLine;
using System.Globalization;
using System.Text;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary>`vitrion energy DATA`: energies per term, pressure, forces and per-atom energies of one configuration (<see cref="EnergyTask"/>).</summary>
public sealed class EnergyCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var data = new Argument<string>("data") { Description = "LAMMPS data file (atom_style full; types named by Masses comments, recognised by mass and charge, or --type-names)." };
        var ff = new ForceFieldCliOptions();
        var forces = new Option<string?>("--forces") { Description = "Write 'id fx fy fz' per atom sorted by id [kcal/mol/Å] to this file." }.Output(OutputKind.File);
        var perAtom = new Option<string?>("--per-atom") { Description = "Write 'id pe' per atom sorted by id [kcal/mol] (LAMMPS pe/atom conventions) to this file." }.Output(OutputKind.File);
        var json = OutputCliOptions.Json("EnergyRecord: pe_kcal_per_mol, evdwl/elj/e3body/ecoul/elong/ebond/eangle/edihed_kcal_per_mol, press_atm, kspace, accuracy, g_ewald_inv_a, atoms, wall_s.");
        var typeNames = InputCliOptions.TypeNames();
        var keepCharges = new Option<bool>("--keep-charges") { Description = "Use the data file's charges instead of setting them by type from the force field's charge rules." };
        var scalar = new Option<bool>("--scalar") { Description = "Use the scalar reference pair loop instead of the SIMD kernel." };
        var cmd = new Command("energy", "Energies per term (kcal/mol, LAMMPS thermo names), pressure (atm), and optionally forces and per-atom energies of one configuration with the Ariga 2022 force field.");
        cmd.Arguments.Add(data);
        ff.AddTo(cmd);
        DeviceOption.Add(cmd);
        foreach (var o in new Option[] { forces, perAtom, json, typeNames, keepCharges, scalar }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var r = EnergyTask.Run(new EnergyOptions(pr.GetValue(data)!, null, ff.Options(pr) with { KeepFileCharges = pr.GetValue(keepCharges), Simd = !pr.GetValue(scalar) }, ff.FilePath(pr))
            {
                TypeNames = pr.GetValue(typeNames)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                ForcesFile = pr.GetValue(forces),
                PerAtomFile = pr.GetValue(perAtom),
                Evaluator = f => DeviceOption.Choose(pr, f),
            });
            Console.WriteLine(pr.GetValue(json) ? ResultJson.Serialize(r) : Table(r));
            return 0;
        }));
        return cmd;
    }

    private static string Table(EnergyRecord r)
    {
        var sb = new StringBuilder();
        void L(string k, double v, string unit) => sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{k,-8} {v,20:F6} {unit}"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Atoms} atoms, kspace {r.Kspace} (accuracy {r.Accuracy:G3}, g_ewald {r.GEwaldInvA:F6} 1/Å), {r.WallS:F3} s"));
        L("pe", r.PeKcalPerMol, "kcal/mol"); L("evdwl", r.EvdwlKcalPerMol, "kcal/mol"); L("elj", r.EljKcalPerMol, "kcal/mol"); L("e3body", r.E3bodyKcalPerMol, "kcal/mol");
        L("ecoul", r.EcoulKcalPerMol, "kcal/mol"); L("elong", r.ElongKcalPerMol, "kcal/mol"); L("ebond", r.EbondKcalPerMol, "kcal/mol"); L("eangle", r.EangleKcalPerMol, "kcal/mol");
        L("edihed", r.EdihedKcalPerMol, "kcal/mol"); L("press", r.PressAtm, "atm");
        return sb.ToString().TrimEnd();
    }
}

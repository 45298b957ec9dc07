using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Cli.Commands;

/// <summary>`vitrion energy DATA`: energies per term, pressure, forces and per-atom energies of one configuration.</summary>
public sealed class EnergyCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var data = new Argument<string>("data") { Description = "LAMMPS data file (atom_style full; types named by Masses comments, recognised by mass and charge, or --type-names)." };
        var kspace = new Option<string>("--kspace") { Description = "Long-range Coulomb: ewald (reference), pppm (production) or none (plain cut Coulomb). Default pppm.", DefaultValueFactory = _ => "pppm" };
        var accuracy = new Option<double>("--accuracy") { Description = "Relative k-space force accuracy, as LAMMPS kspace_style (default 1e-5).", DefaultValueFactory = _ => 1e-5 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default 0 = all cores).", DefaultValueFactory = _ => 0 };
        var forces = new Option<string?>("--forces") { Description = "Write 'id fx fy fz' per atom sorted by id [kcal/mol/Å] to this file." }.Output(OutputKind.File);
        var perAtom = new Option<string?>("--per-atom") { Description = "Write 'id pe' per atom sorted by id [kcal/mol] (LAMMPS pe/atom conventions) to this file." }.Output(OutputKind.File);
        var json = new Option<bool>("--json") { Description = "Print a JSON object (kcal/mol, atm) instead of a table." };
        var typeNames = new Option<string?>("--type-names") { Description = "Names of the data file's atom types in order, comma-separated (e.g. P2,S2,Pa,S1,Sc,P4,S4,Li)." };
        var ffFile = new Option<string?>("--forcefield") { Description = "Force-field JSON file (default: data/forcefields/ariga2022.json of the installation)." };
        var keepCharges = new Option<bool>("--keep-charges") { Description = "Use the data file's charges instead of setting them by type from the force field's charge rules." };
        var scalar = new Option<bool>("--scalar") { Description = "Use the scalar reference pair loop instead of the SIMD kernel." };
        var cmd = new Command("energy", "Energies per term (kcal/mol, LAMMPS thermo names), pressure (atm), and optionally forces and per-atom energies of one configuration with the Ariga 2022 force field.");
        cmd.Arguments.Add(data);
        foreach (var o in new Option[] { kspace, accuracy, threads, forces, perAtom, json, typeNames, ffFile, keepCharges, scalar }) { cmd.Options.Add(o); }
        DeviceOption.Add(cmd);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string path = pr.GetValue(data)!;
            var style = IoCli.Kspace(pr.GetValue(kspace));
            var names = pr.GetValue(typeNames)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var ld = LammpsDataReader.Read(path, new LammpsDataReadOptions { TypeNames = names });
            var spec = pr.GetValue(ffFile) is { } ff ? ForceFieldSpec.Load(ff) : ForceFieldSpec.LoadDefault();
            var options = new ForceFieldOptions
            {
                Kspace = style,
                Accuracy = pr.GetValue(accuracy),
                Threads = pr.GetValue(threads),
                KeepFileCharges = pr.GetValue(keepCharges),
                Simd = !pr.GetValue(scalar),
            };
            var sw = Stopwatch.StartNew();
            var field = new ArigaForceField(spec, ld.Topology, ld.Box, options);
            var state = new SystemState(field.Topology, ld.Box, (Vec3[])ld.Positions.Clone(), ld.Velocities is null ? null : (Vec3[])ld.Velocities.Clone(), (Int3[])ld.Images.Clone());
            var buffer = new ForceBuffer(state.AtomCount);
            bool wantPerAtom = pr.GetValue(perAtom) is not null;
            DeviceOption.Choose(pr, field).Compute(state, buffer, wantPerAtom);
            double wall = sw.Elapsed.TotalSeconds;
            var r = EnergyReport.From(buffer, state, field, wall);
            if (pr.GetValue(forces) is { } fpath) { WritePerAtom(fpath, state.Topology, i => FormattableString.Invariant($"{buffer.Forces[i].X:R} {buffer.Forces[i].Y:R} {buffer.Forces[i].Z:R}")); }
            if (pr.GetValue(perAtom) is { } epath) { WritePerAtom(epath, state.Topology, i => buffer.PerAtomEnergy[i].ToString("R", CultureInfo.InvariantCulture)); }
            Console.WriteLine(pr.GetValue(json) ? r.ToJson() : r.ToTable());
            return 0;
        }));
        return cmd;
    }

    private static void WritePerAtom(string path, Topology topology, Func<int, string> line)
    {
        var sb = new StringBuilder();
        foreach (int i in Enumerable.Range(0, topology.AtomCount).OrderBy(i => topology.Ids[i]))
        {
            sb.Append(topology.Ids[i].ToString(CultureInfo.InvariantCulture)).Append(' ').Append(line(i)).Append('\n');
        }

        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private sealed record EnergyReport(string Kspace, double Accuracy, double GEwald, int Atoms, double Pe, double Evdwl, double Elj, double E3body,
        double Ecoul, double Elong, double Ebond, double Eangle, double Edihed, double Press, double WallS)
    {
        public static EnergyReport From(ForceBuffer b, SystemState s, ArigaForceField f, double wall)
        {
            var e = b.Energies;
            return new(f.Options.Kspace.ToString().ToLowerInvariant(), f.Options.Accuracy, f.GEwald, s.AtomCount, e.Pe, e.Evdwl, e.Elj, e.E3body,
                e.Ecoul, e.Elong, e.Ebond, e.Eangle, e.Edihed, b.Pressure(s.Box, s.KineticEnergy()), wall);
        }

        public string ToJson()
        {
            var d = new Dictionary<string, object>
            {
                ["pe"] = Pe, ["evdwl"] = Evdwl, ["elj"] = Elj, ["e3body"] = E3body, ["ecoul"] = Ecoul, ["elong"] = Elong,
                ["ebond"] = Ebond, ["eangle"] = Eangle, ["edihed"] = Edihed, ["press"] = Press,
                ["kspace"] = Kspace, ["accuracy"] = Accuracy, ["g_ewald"] = GEwald, ["atoms"] = Atoms, ["wall_s"] = WallS,
            };
            return JsonSerializer.Serialize(d, new JsonSerializerOptions { WriteIndented = true });
        }

        public string ToTable()
        {
            var sb = new StringBuilder();
            void L(string k, double v, string unit) => sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{k,-8} {v,20:F6} {unit}"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{Atoms} atoms, kspace {Kspace} (accuracy {Accuracy:G3}, g_ewald {GEwald:F6} 1/Å), {WallS:F3} s"));
            L("pe", Pe, "kcal/mol"); L("evdwl", Evdwl, "kcal/mol"); L("elj", Elj, "kcal/mol"); L("e3body", E3body, "kcal/mol");
            L("ecoul", Ecoul, "kcal/mol"); L("elong", Elong, "kcal/mol"); L("ebond", Ebond, "kcal/mol"); L("eangle", Eangle, "kcal/mol");
            L("edihed", Edihed, "kcal/mol"); L("press", Press, "atm");
            return sb.ToString().TrimEnd();
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.Dynamics.Protocols;
using Vitrion.ForceField;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion export lammps</c>: a LAMMPS deck with the same force field (and protocol) for cluster-scale runs.</summary>
public sealed class ExportLammpsCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "export";

    /// <inheritdoc />
    public Command Create()
    {
        var data = new Argument<string>("data") { Description = "LAMMPS data file (types recognised by name or by mass and charge)." };
        var protocol = new Option<string?>("--protocol") { Description = "A Vitrion protocol (TOML) to translate into LAMMPS commands; without it the deck computes the energy (run 0)." };
        var output = new Option<string>("--output", "-o") { Description = "Output folder: system.data, in.lammps, forcefield.sw, README.txt.", Required = true }.Output(OutputKind.Folder);
        var ff = new ForceFieldCliOptions(cutoff: false, threads: false);
        var cmd = new Command("lammps", "Write a LAMMPS input deck (data file, input script, Stillinger–Weber file) with the same force field and protocol as Vitrion, whose dumps Vitrion's analyses read (vitrion paper --from-lammps).")
        {
            data, protocol, output,
        };
        ff.AddTo(cmd);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var proto = pr.GetValue(protocol) is string p ? ProtocolParser.Load(p) : null;
            var r = LammpsDeck.Export(pr.GetValue(data)!, proto, pr.GetValue(output)!, ff.Style(pr), pr.GetValue(ff.Accuracy), ff.FilePath(pr));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {r.InputScript} ({r.TotalSteps} MD steps); run it with: cd {r.Directory} && lmp -in in.lammps"));
            return 0;
        }));
        return cmd;
    }
}

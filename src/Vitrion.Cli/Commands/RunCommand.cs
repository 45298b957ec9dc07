using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Dynamics.Protocols;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion run PROTOCOL.toml</c>: runs a multi-stage protocol (minimise, NVT melt, NPT quench, …).</summary>
public sealed class RunCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var file = new Argument<string>("protocol") { Description = "Protocol TOML file: data, force-field settings (forcefield, kspace = pppm | ewald | none, accuracy, cutoff, skin, threads: the keys of the force-field options of md/energy/quench/neb), [thermo]/[dump]/[checkpoint] outputs and [[stage]] tables (see protocols/*.toml). Relative paths are resolved from the protocol's folder." };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint file (written by the protocol's [checkpoint] trigger or on Ctrl-C)." };
        var json = OutputCliOptions.Json(MdCli.JsonHelp);
        var check = new Option<bool>("--check") { Description = "Only parse and validate the protocol, print its stages and exit." };
        var cmd = new Command("run", "Run a protocol file of MD stages (minimise | nve | nvt | npt | langevin) with temperature/pressure schedules, so a melt–quench is one file.")
        {
            file, resume, json, check,
        };
        var ff = new ForceFieldCliOptions();
        foreach (var o in new Option[] { ff.File, ff.Kspace, ff.Accuracy, ff.Cutoff!, ff.Threads! })
        {
            o.Description = "Overrides the protocol's key of the same name. " + o.Description;
        }

        ff.AddTo(cmd);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var protocol = ProtocolParser.Load(pr.GetValue(file)!);
            protocol = protocol with { ForceField = ff.Override(pr, protocol.ForceField) };
            if (pr.GetValue(check))
            {
                ProtocolTask.Validate(protocol, ProtocolTask.ProtocolKey);
                foreach (var s in protocol.Stages)
                {
                    Console.WriteLine(FormattableString.Invariant($"{s.Name}: {s.Kind.ToString().ToLowerInvariant()} {s.Steps} steps, T {s.Temperature?.Start}→{s.Temperature?.End} K, P {s.Pressure?.Start}→{s.Pressure?.End} atm"));
                }

                Console.WriteLine(FormattableString.Invariant($"data {protocol.DataFile}; {protocol.TotalMdSteps} MD steps"));
                return 0;
            }

            return MdCli.Execute(protocol, pr.GetValue(resume), pr.GetValue(json), ProtocolTask.ProtocolKey);
        }));
        return cmd;
    }
}

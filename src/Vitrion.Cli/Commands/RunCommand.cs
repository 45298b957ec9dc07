using System.CommandLine;
using Vitrion.Dynamics.Protocols;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion run PROTOCOL.toml</c>: runs a multi-stage protocol (minimise, NVT melt, NPT quench, …).</summary>
public sealed class RunCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var file = new Argument<string>("protocol") { Description = "Protocol TOML file: data, force-field settings, [thermo]/[dump]/[checkpoint] outputs and [[stage]] tables (see protocols/*.toml). Relative paths are resolved from the protocol's folder." };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint file (written by the protocol's [checkpoint] trigger or on Ctrl-C)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary (steps, wall_s, timesteps_per_s, ns_per_day, final pe/etotal/temp/press/density, energy_drift for a final NVE stage)." };
        var check = new Option<bool>("--check") { Description = "Only parse and validate the protocol, print its stages and exit." };
        var cmd = new Command("run", "Run a protocol file of MD stages (minimise | nve | nvt | npt | langevin) with temperature/pressure schedules, so a melt–quench is one file.")
        {
            file, resume, json, check,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var protocol = ProtocolParser.Load(pr.GetValue(file)!);
            if (pr.GetValue(check))
            {
                MdCli.Validate(protocol, MdCli.ProtocolKey);
                foreach (var s in protocol.Stages)
                {
                    Console.WriteLine(FormattableString.Invariant($"{s.Name}: {s.Kind.ToString().ToLowerInvariant()} {s.Steps} steps, T {s.Temperature?.Start}→{s.Temperature?.End} K, P {s.Pressure?.Start}→{s.Pressure?.End} atm"));
                }

                Console.WriteLine(FormattableString.Invariant($"data {protocol.DataFile}; {protocol.TotalMdSteps} MD steps"));
                return 0;
            }

            return MdCli.Execute(protocol, pr.GetValue(resume), pr.GetValue(json), MdCli.ProtocolKey);
        }));
        return cmd;
    }
}

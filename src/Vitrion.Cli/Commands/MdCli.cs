using System.Globalization;
using Vitrion.Dynamics;
using Vitrion.Dynamics.Protocols;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary>What <c>vitrion md</c> and <c>vitrion run</c> share: running a protocol through <see cref="ProtocolTask"/> with progress on stderr and Ctrl-C, and printing its <see cref="MdRunResult"/>.</summary>
internal static class MdCli
{
    /// <summary>What <c>--json</c> of md/run prints.</summary>
    public const string JsonHelp = "MdRunResult: steps, wall_s, timesteps_per_s, ns_per_day, step, pe/ke/etotal/conserved_kcal_per_mol, temp_k, press_atm, volume_a3, density_g_per_cm3, peak_memory_mb, and for a final NVE stage energy_drift_kcal_per_mol (conserved energy at the end minus at the start) and energy_drift_kcal_per_mol_per_atom_per_ns (least-squares slope over the thermo samples); null otherwise.";

    /// <summary>Runs the protocol (validated first by the task) and prints the summary; returns the exit code.</summary>
    public static int Execute(Protocol protocol, string? resume, bool json, Func<string, string> names, Device.DeviceKind device = Device.DeviceKind.Cpu)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        bool terminal = !Console.IsErrorRedirected;
        long total = protocol.TotalMdSteps;
        long reportEvery = Math.Max(1, Math.Min(total / 20, 1000));
        if (terminal) { reportEvery = Math.Max(1, Math.Min(reportEvery, 50)); }
        try
        {
            var s = ProtocolTask.Run(new ProtocolOptions(protocol, resume, p => Report(p, terminal),
                msg => { if (terminal) { Console.Error.Write("\r\u001b[K"); } Console.Error.WriteLine(msg); }, reportEvery)
            {
                KeyNames = names,
                Potentials = DeviceOption.Potentials(protocol.ForceField, device),
            }, cts.Token);
            if (terminal) { Console.Error.WriteLine(); }
            if (json)
            {
                Console.WriteLine(ResultJson.Serialize(s));
            }
            else
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"{s.Steps} steps in {s.WallS:F1} s: {s.TimestepsPerS:F2} timesteps/s, {s.NsPerDay:F3} ns/day; final step {s.Step}: T {s.TempK:F2} K, PE {s.PeKcalPerMol:F3}, Etotal {s.EtotalKcalPerMol:F3} kcal/mol, P {s.PressAtm:F1} atm, density {s.DensityGPerCm3:F4} g/cm³"));
                if (s.EnergyDriftKcalPerMol is { } d)
                {
                    Console.WriteLine(FormattableString.Invariant($"NVE energy drift {d:F4} kcal/mol over the run ({s.EnergyDriftKcalPerMolPerAtomPerNs:E3} kcal/mol/atom/ns)"));
                }
            }

            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void Report(RunProgress p, bool terminal)
    {
        string eta = double.IsFinite(p.EtaSeconds) ? TimeSpan.FromSeconds(Math.Round(p.EtaSeconds)).ToString("c", CultureInfo.InvariantCulture) : "?";
        string line = FormattableString.Invariant(
            $"{p.Label}: step {p.Step}/{p.LastStep} ({100 * p.Fraction:F0} %) T {p.Sample.Temperature:F1} K PE {p.Sample.PotentialEnergy:F1} P {p.Sample.Pressure:F0} atm ρ {p.Sample.Density:F4} | {p.StepsPerSecond:F1} steps/s {p.NsPerDay:F2} ns/day ETA {eta}");
        if (terminal)
        {
            int width = 30;
            int filled = (int)Math.Round(width * Math.Clamp(p.Fraction, 0, 1));
            Console.Error.Write("\r\u001b[K[" + new string('#', filled) + new string('.', width - filled) + "] " + line);
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }
}

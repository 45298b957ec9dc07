using Vitrion.Dynamics;
using Vitrion.Dynamics.Protocols;
using Vitrion.IO.Lammps;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="ProtocolTask"/> (what <c>vitrion run</c> and <c>vitrion md</c> do).</summary>
/// <param name="Protocol">the protocol record.</param>
/// <param name="ResumeFrom">checkpoint file to continue from, or null.</param>
/// <param name="Progress">progress callback (may be called from the running thread), or null.</param>
/// <param name="Log">messages (stage starts, minimiser results), or null.</param>
/// <param name="ProgressEvery">steps between progress reports.</param>
public sealed record ProtocolOptions(Protocol Protocol, string? ResumeFrom = null, Action<RunProgress>? Progress = null, Action<string>? Log = null, long ProgressEvery = 100)
{
    /// <summary>
    /// Turns a protocol key ("temp", "dump_every", …) into what the user wrote, for the messages of
    /// <see cref="ProtocolTask.Validate"/>: <see cref="ProtocolTask.ProtocolKey"/> (a protocol file; the default) or
    /// <see cref="MdTask.OptionName"/> (the options of <c>vitrion md</c>).
    /// </summary>
    public Func<string, string> KeyNames { get; init; } = ProtocolTask.ProtocolKey;

    /// <summary>Makes the potential of each stage (e.g. the device engine), or null for the CPU engine of the protocol's settings.</summary>
    public Func<Vitrion.Core.SystemState, Vitrion.ForceField.IPotential>? Potentials { get; init; }
}

/// <summary>Summary of an MD run (the <c>--json</c> output of <c>vitrion md</c>/<c>run</c>; <c>md.json</c> of a paper run).</summary>
/// <param name="Steps">MD steps run by this process.</param>
/// <param name="WallS">wall time [s].</param>
/// <param name="TimestepsPerS">throughput [steps/s].</param>
/// <param name="NsPerDay">throughput [ns/day].</param>
/// <param name="Step">last step.</param>
/// <param name="PeKcalPerMol">final potential energy [kcal/mol].</param>
/// <param name="KeKcalPerMol">final kinetic energy [kcal/mol].</param>
/// <param name="EtotalKcalPerMol">final total energy [kcal/mol].</param>
/// <param name="ConservedKcalPerMol">final conserved quantity of the integrator [kcal/mol].</param>
/// <param name="TempK">final temperature [K].</param>
/// <param name="PressAtm">final pressure [atm].</param>
/// <param name="VolumeA3">final volume [Å³].</param>
/// <param name="DensityGPerCm3">final density [g/cm³].</param>
/// <param name="PeakMemoryMb">peak working set of the process [MB].</param>
/// <param name="EnergyDriftKcalPerMol">NVE: conserved energy at the end minus at the start [kcal/mol]; null otherwise.</param>
/// <param name="EnergyDriftKcalPerMolPerAtomPerNs">NVE: slope of the conserved energy [kcal/mol/atom/ns]; null otherwise.</param>
public sealed record MdRunResult(long Steps, double WallS, double TimestepsPerS, double NsPerDay, long Step, double PeKcalPerMol, double KeKcalPerMol,
    double EtotalKcalPerMol, double ConservedKcalPerMol, double TempK, double PressAtm, double VolumeA3, double DensityGPerCm3, double PeakMemoryMb,
    double? EnergyDriftKcalPerMol, double? EnergyDriftKcalPerMolPerAtomPerNs)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static MdRunResult Read(string path) => ResultJson.Read<MdRunResult>(path);

    /// <summary>The record of a run summary.</summary>
    /// <param name="s">summary from <see cref="ProtocolRunner.Run"/>.</param>
    /// <returns>the record.</returns>
    public static MdRunResult From(RunSummary s)
    {
        var f = s.Final;
        return new MdRunResult(s.Steps, s.WallSeconds, s.TimestepsPerSecond, s.NsPerDay, f.Step, f.PotentialEnergy, f.KineticEnergy, f.TotalEnergy,
            f.Conserved, f.Temperature, f.Pressure, f.Volume, f.Density, s.PeakMemoryMb, s.EnergyDrift, s.EnergyDriftPerAtomPerNs);
    }
}

/// <summary>Runs a <see cref="Protocol"/> record (minimise/NVE/NVT/NPT/Langevin stages with thermo, dump, checkpoint outputs).</summary>
public static class ProtocolTask
{
    /// <summary>Runs the protocol.</summary>
    /// <param name="o">options.</param>
    /// <param name="cancel">stops the run at the next step (a checkpoint is written when the protocol has one).</param>
    /// <returns>the run summary.</returns>
    public static MdRunResult Run(ProtocolOptions o, CancellationToken cancel = default)
    {
        Validate(o.Protocol, o.KeyNames);
        var runner = new ProtocolRunner(o.Protocol, o.Potentials) { Log = o.Log, Progress = o.Progress, ProgressEvery = Math.Max(1, o.ProgressEvery) };
        return MdRunResult.From(runner.Run(o.ResumeFrom, cancel));
    }

    /// <summary>
    /// Checks everything that can be checked before a run: settings, schedules and outputs
    /// (<see cref="ProtocolChecks.Validate"/>), and the memory of the neighbour structures the cutoff needs for the
    /// data file's box.
    /// </summary>
    /// <param name="protocol">the protocol.</param>
    /// <param name="names">protocol key → what the user wrote (<see cref="ProtocolKey"/>, <see cref="MdTask.OptionName"/>).</param>
    /// <exception cref="Vitrion.Core.InputException">for the first bad value.</exception>
    public static void Validate(Protocol protocol, Func<string, string> names)
    {
        ProtocolChecks.Validate(protocol, names);
        var data = LammpsDataReader.Read(protocol.DataFile);
        ProtocolChecks.CheckNeighborMemory((protocol.ForceField.Cutoff ?? 12.0) + protocol.ForceField.Skin, data.Box, data.Topology.AtomCount, names("cutoff"));
    }

    /// <summary>The key of a protocol file that sets a protocol key (for messages of <c>vitrion run</c>).</summary>
    /// <param name="key">protocol key.</param>
    /// <returns>the key as the file spells it.</returns>
    public static string ProtocolKey(string key) => key switch
    {
        "dump_every" => "'every' of [dump]",
        "checkpoint_every" => "'every' of [checkpoint]",
        "thermo" => "'every' of [thermo]",
        _ => $"'{key}'",
    };
}

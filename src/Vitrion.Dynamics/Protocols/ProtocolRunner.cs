using System.Diagnostics;
using System.Globalization;
using Vitrion.Core;
using Vitrion.Dynamics.Integrators;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO.Lammps;
using Vitrion.Paths;

namespace Vitrion.Dynamics.Protocols;

/// <summary>The outcome of a run.</summary>
/// <param name="Steps">MD steps taken in this process.</param>
/// <param name="WallSeconds">wall time of the MD stages [s].</param>
/// <param name="TimestepsPerSecond">MD steps per wall-clock second.</param>
/// <param name="NsPerDay">simulated ns per day of wall time.</param>
/// <param name="Final">thermo state at the end.</param>
/// <param name="EnergyDrift">
/// for runs whose last stage is NVE: conserved energy at the end minus at the start of that stage [kcal/mol]; null otherwise.
/// </param>
/// <param name="EnergyDriftPerAtomPerNs">least-squares slope of the conserved energy over the last NVE stage, per atom [kcal/mol/atom/ns]; null when not NVE.</param>
/// <param name="PeakMemoryMb">peak working set of the process [MB].</param>
/// <param name="Samples">thermo samples of this process.</param>
public sealed record RunSummary(long Steps, double WallSeconds, double TimestepsPerSecond, double NsPerDay, ThermoSample Final,
    double? EnergyDrift, double? EnergyDriftPerAtomPerNs, double PeakMemoryMb, IReadOnlyList<ThermoSample> Samples);

/// <summary>Builds force fields for runs from <see cref="ForceFieldSettings"/>.</summary>
public static class PotentialFactory
{
    /// <summary>A factory making fresh Ariga-2022-form force fields for the topology, in the box of the state at call time.</summary>
    public static Func<SystemState, IPotential> Ariga(ForceFieldSettings settings)
    {
        var spec = settings.ForceFieldFile is null ? ForceFieldSpec.LoadDefault() : ForceFieldSpec.Load(settings.ForceFieldFile);
        var options = new ForceFieldOptions
        {
            Kspace = settings.Kspace,
            Accuracy = settings.Accuracy,
            Cutoff = settings.Cutoff,
            Skin = settings.Skin,
            Threads = Math.Min(settings.Threads, Environment.ProcessorCount), // more threads than processors only stall
        };
        return s => new ArigaForceField(spec, s.Topology, s.Box, options);
    }
}

/// <summary>
/// Runs a <see cref="Protocol"/>: reads the structure, runs the stages in order with thermo/dump/checkpoint outputs,
/// writes the final data file; resumes from a checkpoint so that the continuation is bitwise identical to an
/// uninterrupted run with the same thread count; on Ctrl-C writes a checkpoint; on a blow-up writes the last good
/// frame beside the outputs (<c>*.last-good.data</c>) and stops with a clear message.
/// </summary>
public sealed class ProtocolRunner
{
    private readonly Protocol _protocol;
    private readonly Func<SystemState, IPotential> _potentials;

    /// <summary>Creates the runner.</summary>
    /// <param name="protocol">the protocol.</param>
    /// <param name="potentials">makes a fresh potential for a state (null: the Ariga force field from the protocol's settings).</param>
    public ProtocolRunner(Protocol protocol, Func<SystemState, IPotential>? potentials = null)
    {
        _protocol = protocol;
        _potentials = potentials ?? PotentialFactory.Ariga(protocol.ForceField);
    }

    /// <summary>Messages for the user (stage starts, minimiser results, checkpoints).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Progress callback (called every <see cref="ProgressEvery"/> steps).</summary>
    public Action<RunProgress>? Progress { get; init; }

    /// <summary>Steps between progress reports (default 100).</summary>
    public long ProgressEvery { get; init; } = 100;

    /// <summary>Safety limits.</summary>
    public SimulationOptions SimulationOptions { get; init; } = new();

    /// <summary>The state at the end of <see cref="Run"/> (null before).</summary>
    public SystemState? FinalState { get; private set; }

    /// <summary>Runs the protocol (from the start, or from <paramref name="resumeFrom"/>, a checkpoint file).</summary>
    public RunSummary Run(string? resumeFrom = null, CancellationToken cancel = default)
    {
        var data = LammpsDataReader.Read(_protocol.DataFile);
        var state = data.ToState();
        Checkpoint? ckpt = null;
        int firstStage = 0;
        if (resumeFrom is not null)
        {
            ckpt = Checkpoint.Read(resumeFrom);
            ckpt.ApplyTo(state);
            firstStage = int.Parse(ckpt.Metadata.GetValueOrDefault("stage", "0"), CultureInfo.InvariantCulture);
            if (firstStage >= _protocol.Stages.Length) { throw new InputException(resumeFrom, 0, "the checkpoint is past the last stage of this protocol"); }
        }

        long? Len(string key) => ckpt is not null && ckpt.Metadata.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? l : null;
        if (ckpt is not null)
        {
            CheckResumeMatches(ckpt, resumeFrom!, firstStage);

            // Every output is checked before any is opened, so a refused resume leaves them all as they were.
            if (_protocol.Thermo?.File is { } tf) { OutputFiles.CheckResumable(tf, Len("thermo_bytes") ?? 0); }
            if (_protocol.Dump?.File is { } df) { OutputFiles.CheckResumable(df, Len("dump_bytes") ?? 0); }
            Log?.Invoke(FormattableString.Invariant($"resuming at step {ckpt.Step} in stage {firstStage + 1} ({_protocol.Stages[firstStage].Name})"));
        }

        using var thermo = new ThermoLog(_protocol.Thermo?.Every ?? 100, _protocol.Thermo?.File, ckpt is null ? null : Len("thermo_bytes") ?? 0);
        using var dump = _protocol.Dump is { } d ? new TrajectoryWriter(d.File ?? throw new InputException("the dump output needs a file"), d.Every, null, ckpt is null ? null : Len("dump_bytes") ?? 0) : null;

        long mdSteps = 0;
        double wall = 0;
        ThermoSample? nveStart = null;
        var nveSamples = new List<ThermoSample>();
        SystemState? lastPotState = null;
        IPotential? potential = null;
        IPotential Potential()
        {
            if (potential is null || !ReferenceEquals(lastPotState, state)) { potential = _potentials(state); lastPotState = state; }
            return potential;
        }

        for (int si = firstStage; si < _protocol.Stages.Length; si++)
        {
            var stage = _protocol.Stages[si];
            bool resumedHere = ckpt is not null && si == firstStage;
            ulong seed = stage.Seed ?? (_protocol.Seed * 1000003UL + (ulong)si);
            if (stage.Kind == StageKind.Minimise)
            {
                Log?.Invoke($"{stage.Name}: FIRE minimisation (ftol {stage.ForceTolerance.ToString(CultureInfo.InvariantCulture)} kcal/mol/Å, at most {stage.Steps} steps)");
                var res = StateMinimizer.Minimize(state, Potential(), new MinimizerOptions { ForceTolerance = stage.ForceTolerance, MaxSteps = (int)Math.Min(stage.Steps, int.MaxValue) });
                Log?.Invoke(res.Message);
                potential = null; // fresh neighbour structures after large moves
                continue;
            }

            double dt = stage.TimestepFs ?? _protocol.TimestepFs;
            if (stage.VelocityTemperature is { } tv && !resumedHere)
            {
                Thermo.AssignMaxwellBoltzmann(state, tv, new SeededRandom(seed));
            }

            IIntegrator integrator = stage.Kind switch
            {
                StageKind.Nve => new VelocityVerlet(),
                StageKind.Nvt => new NoseHoover(stage.TdampFs),
                StageKind.Npt => NoseHoover.Npt(stage.TdampFs, stage.PdampFs),
                StageKind.Langevin => new Langevin(stage.TdampFs, seed ^ 0x5DEECE66DUL),
                _ => throw new InvalidOperationException(),
            };
            if (resumedHere && ckpt!.Integrator != integrator.Name)
            {
                throw new InputException(resumeFrom, 0, $"the checkpoint was written by a '{ckpt.Integrator}' stage but stage {si + 1} is '{integrator.Name}'");
            }

            if (resumedHere)
            {
                potential = RestorePotential(ckpt!, state);
                lastPotState = state;
            }

            var sim = new Simulation(state, Potential(), integrator, dt, stage.Temperature, stage.Pressure, SimulationOptions);
            long end;
            if (resumedHere)
            {
                end = ckpt!.EndStep;
                sim.Restore(ckpt.BeginStep, ckpt.EndStep, ckpt.IntegratorState);
            }
            else
            {
                end = state.Step + stage.Steps;
                sim.Setup(end);
                thermo.Add(sim.Sample());
            }

            Log?.Invoke(FormattableString.Invariant($"{stage.Name}: {integrator.Name}, steps {state.Step + 1}..{end}, dt {dt} fs"));
            int stageIndex = si;
            var observers = new List<ISimulationObserver>();
            var stageThermo = new IntervalObserver(stage.ThermoEvery ?? thermo.Interval, thermo.OnStep);
            observers.Add(stageThermo);
            if (dump is not null) { observers.Add(new IntervalObserver(stage.DumpEvery ?? dump.Interval, dump.OnStep)); }
            CheckpointWriter? cw = null;
            if (_protocol.Checkpoint is { } c)
            {
                cw = new CheckpointWriter(c.File ?? throw new InputException("the checkpoint output needs a file"), c.Every, s => new Dictionary<string, string>
                {
                    ["stage"] = stageIndex.ToString(CultureInfo.InvariantCulture),
                    ["thermo_bytes"] = thermo.FlushAndGetLength().ToString(CultureInfo.InvariantCulture),
                    ["dump_bytes"] = (dump?.FlushAndGetLength() ?? 0).ToString(CultureInfo.InvariantCulture),
                    ["protocol"] = _protocol.SourcePath,
                    ["dt"] = dt.ToString("R", CultureInfo.InvariantCulture),
                    ["stage_steps"] = stage.Steps.ToString(CultureInfo.InvariantCulture),
                });
                observers.Add(cw);
            }

            if (Progress is { } p) { observers.Add(new ProgressReporter(ProgressEvery, state.Step, end, stage.Name, p)); }
            var watch = Stopwatch.StartNew();
            long startStep = state.Step;
            try
            {
                sim.Run(end, observers, cancel);
            }
            catch (OperationCanceledException)
            {
                if (cw is not null)
                {
                    cw.WriteNow(sim);
                    Log?.Invoke(FormattableString.Invariant($"interrupted at step {state.Step}; checkpoint written to {cw.Path} (resume with --resume)"));
                }

                throw;
            }
            catch (SimulationBlowUpException ex)
            {
                string where = FreePath(Path.ChangeExtension(_protocol.FinalData ?? _protocol.Thermo?.File ?? _protocol.DataFile, null) + ".last-good", ".data");
                LammpsDataWriter.Write(where, LammpsData.FromState(ex.LastGood, data));
                dump?.FlushAndGetLength(); // the dump already holds every frame on its interval up to the last good step

                thermo.FlushAndGetLength();
                throw new InputException($"{ex.Message}. The last good frame (step {ex.LastGood.Step}) was written to {where}");
            }

            wall += watch.Elapsed.TotalSeconds;
            mdSteps += state.Step - startStep;
            thermo.Add(sim.Sample());
            potential = sim.Potential;
            lastPotState = state;
            if (stage.Kind == StageKind.Nve)
            {
                nveSamples = thermo.Samples.Where(s => s.Step >= sim.BeginStep && s.Step <= end).ToList();
                nveStart = nveSamples.FirstOrDefault();
            }
            else
            {
                nveSamples.Clear();
                nveStart = null;
            }

            if (si == _protocol.Stages.Length - 1)
            {
                FinalState = state;
            }
        }

        FinalState ??= state;
        if (_protocol.FinalData is { } fd)
        {
            var outState = state.Clone();
            outState.WrapAll();
            LammpsDataWriter.Write(fd, LammpsData.FromState(outState, data));
        }

        var final = thermo.Samples.Count > 0 ? thermo.Samples[^1] : throw new InvalidOperationException("no samples");
        double? drift = null, slope = null;
        if (nveStart is not null && nveSamples.Count >= 2)
        {
            drift = nveSamples[^1].Conserved - nveStart.Conserved;
            double mt = nveSamples.Average(s => s.TimeFs), me = nveSamples.Average(s => s.Conserved);
            double sxy = nveSamples.Sum(s => (s.TimeFs - mt) * (s.Conserved - me)), sxx = nveSamples.Sum(s => (s.TimeFs - mt) * (s.TimeFs - mt));
            slope = sxx > 0 ? sxy / sxx * 1e6 / state.AtomCount : null;
        }

        double sps = wall > 0 ? mdSteps / wall : 0;
        double dtLast = _protocol.Stages.LastOrDefault(s => s.Kind != StageKind.Minimise)?.TimestepFs ?? _protocol.TimestepFs;
        return new RunSummary(mdSteps, wall, sps, sps * dtLast * 86400 * 1e-6, final, drift, slope,
            Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, thermo.Samples);
    }

    /// <summary>
    /// A fresh potential that computes bit for bit what the checkpointed run's potential would have: constructed in the
    /// same box (k-space grid, g_ewald) and with its neighbour list built at the same reference positions and box.
    /// </summary>
    private IPotential RestorePotential(Checkpoint ckpt, SystemState state)
    {
        var scratch = state.Clone();
        if (ckpt.PotentialBox is { } pb) { scratch.Box = pb; }
        var pot = _potentials(scratch);
        if (ckpt.NeighborBox is { } nb && ckpt.NeighborPositions is { } np && np.Length == state.AtomCount)
        {
            var at = state.Clone();
            at.Box = nb;
            Array.Copy(np, at.Positions, np.Length);
            at.Touch();
            pot.Compute(at, new ForceBuffer(at.AtomCount));
        }

        return pot;
    }

    /// <summary>Refuses a resume whose command line asks for another run than the one that wrote the checkpoint.</summary>
    private void CheckResumeMatches(Checkpoint ckpt, string path, int stageIndex)
    {
        var stage = _protocol.Stages[stageIndex];
        if (ckpt.Metadata.TryGetValue("stage_steps", out var ss) && long.TryParse(ss, NumberStyles.Integer, CultureInfo.InvariantCulture, out long steps) && steps != stage.Steps)
        {
            throw new InputException(path, 0, FormattableString.Invariant(
                $"the checkpoint belongs to a run of {steps} steps in stage '{stage.Name}' (to step {ckpt.EndStep}), but {stage.Steps} steps are asked now; resume with the command line that wrote it"));
        }

        double dt = stage.TimestepFs ?? _protocol.TimestepFs;
        if (ckpt.Metadata.TryGetValue("dt", out var ds) && double.TryParse(ds, NumberStyles.Float, CultureInfo.InvariantCulture, out double cdt) && cdt != dt)
        {
            throw new InputException(path, 0, FormattableString.Invariant(
                $"the checkpoint was written with a {cdt} fs timestep but {dt} fs is asked now; resume with the command line that wrote it"));
        }
    }

    /// <summary><paramref name="stem"/> + <paramref name="extension"/>, or with -2, -3, … inserted when that file exists (never overwrites).</summary>
    private static string FreePath(string stem, string extension)
    {
        string p = stem + extension;
        for (int k = 2; File.Exists(p) || Directory.Exists(p); k++) { p = FormattableString.Invariant($"{stem}-{k}{extension}"); }
        return p;
    }

    private sealed class IntervalObserver(long interval, Action<Simulation> action) : ISimulationObserver
    {
        public long Interval => interval;

        public void OnStep(Simulation simulation) => action(simulation);
    }
}

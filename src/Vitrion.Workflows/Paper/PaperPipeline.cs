using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Scheduling;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Workflows.Paper;

/// <summary>
/// <c>vitrion paper</c>: runs the stage graph of <see cref="PaperPlan"/> (typed tasks of Vitrion.Workflows, called
/// directly) with the <see cref="StageScheduler"/> inside the run's thread budget, then writes results.json from the
/// typed records (<see cref="PaperResults"/>) and report.html from them. A finished stage leaves a marker in
/// <c>.stages/</c>; with --resume those stages are kept, so an interrupted or killed run continues where it stopped
/// and ends with the same results (every force evaluation uses a fixed thread count, see
/// <see cref="PaperPlan.ForceThreads"/>).
/// </summary>
public sealed class PaperPipeline
{
    private readonly PaperPreset _preset;
    private readonly PaperLayout _layout;
    private readonly int _threads;
    private readonly bool _resume;
    private readonly string? _fromLammps;
    private readonly PaperEngine _engine;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StageDisplay _display;
    private readonly TextWriter _out;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="preset">the preset.</param>
    /// <param name="outDir">output folder.</param>
    /// <param name="threads">worker threads of the run in total.</param>
    /// <param name="resume">continue an interrupted run in <paramref name="outDir"/>.</param>
    /// <param name="fromLammps">root of a LAMMPS deck tree whose trajectories to analyse instead of running MD, or null.</param>
    /// <param name="engine">who runs the MD: Vitrion, or LAMMPS (then this run only builds the models and writes the decks).</param>
    /// <param name="display">runs the scheduler with an observer that shows its stages (the CLI's progress display), or null to run without one.</param>
    /// <param name="output">where the run's messages go (default: standard output).</param>
    public PaperPipeline(PaperPreset preset, string outDir, int threads, bool resume, string? fromLammps = null, PaperEngine engine = PaperEngine.Vitrion,
        StageDisplay? display = null, TextWriter? output = null)
    {
        _display = display ?? ((_, run) => run(NullStageObserver.Instance));
        _out = output ?? Console.Out;
        if (fromLammps is not null && engine == PaperEngine.Lammps)
        {
            throw new InputException("--engine lammps writes LAMMPS decks and --from-lammps analyses what they produced: use one at a time");
        }

        _engine = engine;
        _preset = preset;
        _layout = PaperLayout.Of(outDir);
        _threads = Math.Max(1, threads);
        _resume = resume;
        _fromLammps = fromLammps is null ? null : Path.GetFullPath(fromLammps);
    }

    /// <summary>Threads of every force evaluation (results depend on this, not on --threads).</summary>
    public const int ForceThreads = 1;

    /// <summary>Runs every stage; returns the exit code.</summary>
    public int Run()
    {
        if (File.Exists(_layout.Manifest) && !_resume && !IsDeckRunAnalysedInPlace(_layout.Manifest))
        {
            throw new InputException(_layout.Manifest, 0, "this folder holds an earlier paper run; add --resume to continue it, or choose another -o");
        }

        Directory.CreateDirectory(_layout.Stages);
        WriteManifest();
        _out.WriteLine(_preset.Expectation);
        _out.WriteLine($"output: {_layout.Root}");
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threads: {_threads} in total, {ForceThreads} per force evaluation; independent stages run side by side"));
        if (_engine == PaperEngine.Lammps) { return WriteLammpsDecks(); }

        var plan = new PaperPlan(_preset, _layout, ForceThreads, _fromLammps is null ? null : ImportLammps);
        var stages = RunStages(plan.Stages());
        var sw = Stopwatch.StartNew();
        string? reportError = null;
        try
        {
            var withReport = new Dictionary<string, StageRecord>(stages, StringComparer.Ordinal)
            {
                ["report"] = new StageRecord("ok", 0, 1, _clock.Elapsed.TotalSeconds, _clock.Elapsed.TotalSeconds, 0, 0),
            };
            var results = plan.Collect(withReport, _fromLammps is null ? "vitrion" : "lammps", _fromLammps);
            results.Write(_layout.Results);
            new PaperReport(_preset, _layout, results).Write();

            // The report's own time, once it is known.
            withReport["report"] = withReport["report"] with { Seconds = Math.Round(sw.Elapsed.TotalSeconds, 2), EndS = Math.Round(_clock.Elapsed.TotalSeconds, 2) };
            (results with { Stages = withReport }).Write(_layout.Results);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            reportError = ex is InputException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine($"     stage report failed: {reportError}");
        }

        _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paper ({_preset.Name}) finished in {_clock.Elapsed.TotalMinutes:F1} min: {_layout.Report}"));
        return 0;
    }

    private IReadOnlyDictionary<string, StageRecord> RunStages(IReadOnlyList<StageSpec> stages)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return _display(stages.Count, observer => new StageScheduler(stages, _threads, _layout.StageMarker, _layout.RunLog, observer).Run(_resume, cts.Token));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private void WriteManifest()
    {
        var man = new JsonObject
        {
            ["software"] = "vitrion " + typeof(PaperPipeline).Assembly.GetName().Version,
            ["preset"] = _preset.Name,
            ["compositions_p2s6_percent"] = new JsonArray(_preset.Compositions.Select(c => (JsonNode?)c).ToArray()),
            ["scale"] = _preset.Scale,
            ["replicas_per_composition"] = _preset.Replicas,
            ["softness_trained_on"] = _preset.Replicas > 1 ? _preset.SoftnessTrainOn.ToString().ToLowerInvariant() + " composition(s), every replica; accuracy on held-out replicas" : "replica 1 of the first composition, split by Li atom",
            ["temperatures_K"] = new JsonArray(_preset.Temperatures.Select(c => (JsonNode?)c).ToArray()),
            ["production_steps"] = _preset.ProductionSteps,
            ["dump_every"] = _preset.DumpEvery,
            ["prepare_steps"] = new JsonObject { ["minimise"] = _preset.Prepare.Minimise, ["melt_1500K"] = _preset.Prepare.Melt, ["densify_1500K"] = _preset.Prepare.Densify, ["quench_to_500K"] = _preset.Prepare.Quench, ["relax_500K"] = _preset.Prepare.Relax },
            ["seeds"] = PaperPlan.Seeds,
            ["threads"] = _threads,
            ["force_threads_per_stage"] = ForceThreads,
            ["timestep_fs"] = 1.0,
            ["force_field"] = "Ariga 2022 (data/forcefields/ariga2022.json), PPPM 1e-5, 12 Å",
            ["from_lammps"] = _fromLammps,
            ["engine"] = _fromLammps is null && _engine == PaperEngine.Vitrion ? "vitrion" : "lammps",
            ["lammps_decks"] = _engine == PaperEngine.Lammps ? Path.Combine(_layout.Root, LammpsEngine.TreeName) : null,
        };
        AtomicFile.WriteAllText(_layout.Manifest, man.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private void ImportLammps(int p)
    {
        // Layout written by 'vitrion paper --engine lammps': FROM/p2s6-XX/{prepare,TXXX}/... after the user ran LAMMPS.
        LammpsEngine.CheckTree(_fromLammps!, _preset);
        var c = _layout.Composition(p);
        string src = Path.Combine(_fromLammps!, c.Name);
        string prep = Path.Combine(src, "prepare", "final.data");
        if (!File.Exists(prep)) { throw new InputException(prep, 0, "missing: run the prepare deck with LAMMPS first (lmp -in in.lammps in that folder)"); }
        File.Copy(prep, c.Prepared, true);
        foreach (double t in _preset.Temperatures)
        {
            var tl = c.Temperature(t);
            string dump = Path.Combine(src, tl.Name, "trajectory.dump");
            if (!File.Exists(dump)) { throw new InputException(dump, 0, "missing: run the production deck with LAMMPS first"); }
            Directory.CreateDirectory(tl.Dir);
            File.Copy(dump, tl.Trajectory, true);
        }
    }

    /// <summary>
    /// The <c>--engine lammps</c> run: builds the models, writes their protocols (prepare.toml from the record,
    /// T*/production.toml) and the LAMMPS deck tree (<see cref="LammpsEngine"/>) in the layout that <c>--from-lammps</c>
    /// reads, then stops without running MD.
    /// </summary>
    private int WriteLammpsDecks()
    {
        string tree = Path.Combine(_layout.Root, LammpsEngine.TreeName);
        var plan = new PaperPlan(_preset, _layout, ForceThreads);
        var written = new List<string>();
        var gate = new object();
        var stages = new List<StageSpec>();
        var names = _preset.Compositions.Select(PaperLayout.CompositionName).ToList();
        foreach (int p in _preset.Compositions)
        {
            var c = _layout.Composition(p);
            var build = plan.Stages().Single(s => s.Name == PaperPlan.Name(p, "build"));
            stages.Add(build);
            stages.Add(new StageSpec(PaperPlan.Name(p, "protocols"), [build.Name], 1, true, _ =>
            {
                ProtocolToml.Write(plan.PrepareProtocol(p), c.PrepareProtocol, plan.PrepareComment(p));
                foreach (double t in _preset.Temperatures)
                {
                    var tl = c.Temperature(t);
                    Directory.CreateDirectory(tl.Dir);
                    ProtocolToml.Write(plan.ProductionProtocol(p, t), tl.ProductionProtocol,
                        [$"NVT production of the {c.Name} model at {PaperPlan.Text(t)} K written by 'vitrion paper --preset {_preset.Name}' from its Protocol record."]);
                }
            }));

            // Decks are cheap and always rewritten, so that the list of what was written is complete on --resume too.
            stages.Add(new StageSpec(PaperPlan.Name(p, "lammps-decks"), [PaperPlan.Name(p, "protocols")], 1, true, _ =>
            {
                var files = LammpsEngine.WriteComposition(_preset, c.Name, c.Glass, c.PrepareProtocol, c.Dir, tree);
                lock (gate) { written.AddRange(files); }
            }, AlwaysRun: true));
        }

        stages.Add(new StageSpec("lammps/run_all", _preset.Compositions.Select(p => PaperPlan.Name(p, "lammps-decks")).ToArray(), 1, true, _ =>
        {
            var files = LammpsEngine.WriteRoot(_preset, tree, _layout.Root, names);
            lock (gate) { written.AddRange(files); }
        }, AlwaysRun: true));
        var records = RunStages(stages);
        var ordered = _preset.Compositions.SelectMany(p => written.Where(f => f.Contains(Path.DirectorySeparatorChar + PaperLayout.CompositionName(p) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .Concat(written.Where(f => !_preset.Compositions.Any(p => f.Contains(Path.DirectorySeparatorChar + PaperLayout.CompositionName(p) + Path.DirectorySeparatorChar, StringComparison.Ordinal))))
            .ToList();
        var results = new LammpsDeckResults(PaperResults.SchemaName, _preset.Name, "lammps", "not run: LAMMPS decks written (run lammps/run_all.sh, then vitrion paper --from-lammps)", tree,
            ordered.Where(f => f.EndsWith("in.lammps", StringComparison.Ordinal)).Select(f => Path.GetRelativePath(tree, Path.GetDirectoryName(f)!)).ToList(), records);
        ResultJson.Write(_layout.Results, results);

        _out.WriteLine($"wrote {results.Decks.Count} LAMMPS decks (no MD was run):");
        foreach (string f in ordered) { _out.WriteLine("  " + f); }
        _out.WriteLine($"  {_layout.Results}");
        _out.WriteLine($"next: bash {Path.Combine(tree, "run_all.sh")}   (NP=ranks, default 4; see {Path.Combine(tree, "README.txt")})");
        _out.WriteLine($"then: vitrion paper --preset {_preset.Name} --from-lammps {tree} -o {_layout.Root}");
        return 0;
    }

    /// <summary>
    /// True when <paramref name="manifest"/> is that of an <c>--engine lammps</c> run (decks written, no MD) and this run
    /// analyses trajectories from LAMMPS: the analysis may then go into the same folder without --resume.
    /// </summary>
    private bool IsDeckRunAnalysedInPlace(string manifest)
    {
        if (_fromLammps is null) { return false; }
        try
        {
            var m = JsonNode.Parse(File.ReadAllText(manifest));
            return m?["engine"]?.GetValue<string>() == "lammps" && m["lammps_decks"] is JsonValue && m["from_lammps"] is null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>Runs a scheduler call (given the number of stages) with an observer that shows the stages, and returns what it returns.</summary>
/// <param name="stages">number of stages.</param>
/// <param name="run">the scheduler call.</param>
/// <returns>the status of every stage.</returns>
public delegate IReadOnlyDictionary<string, StageRecord> StageDisplay(int stages, Func<IStageObserver, IReadOnlyDictionary<string, StageRecord>> run);

/// <summary>results.json of an <c>--engine lammps</c> run (decks written, no MD).</summary>
/// <param name="Schema">schema name and version.</param>
/// <param name="Preset">preset.</param>
/// <param name="Engine">always lammps.</param>
/// <param name="Md">what happened to the MD.</param>
/// <param name="LammpsDecks">root of the deck tree.</param>
/// <param name="Decks">folders of the decks, relative to the root.</param>
/// <param name="Stages">status of every stage.</param>
public sealed record LammpsDeckResults(string Schema, string Preset, string Engine, string Md, string LammpsDecks, IReadOnlyList<string> Decks, IReadOnlyDictionary<string, StageRecord> Stages);

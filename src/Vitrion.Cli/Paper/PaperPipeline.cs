using System.Diagnostics;
using System.Globalization;
using Vitrion.Cli.Commands;
using Vitrion.Paths;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Cli.Paper;

/// <summary>
/// The paper end to end as a chain of cached stages, each an ordinary <c>vitrion</c> command run in-process (so a
/// stage does exactly what a user would get from the same command): build → melt-quench → NVT at several T →
/// MSD/D/Arrhenius/conductivity → structure (clusters, g(r), S(q)) → D²min/Dcum labels and softness → NEB hops →
/// homology and rings → report.html and results.json. A stage that finished leaves a marker in <c>.stages/</c>; with
/// --resume those stages are skipped, so an interrupted run continues where it stopped and, because every stage is
/// seeded and deterministic for a given thread count, ends with the same results.
/// </summary>
public sealed class PaperPipeline
{
    private readonly PaperPreset _preset;
    private readonly string _out;
    private readonly int _threads;
    private readonly bool _resume;
    private readonly string? _fromLammps;
    private readonly PaperEngine _engine;
    private readonly JsonObject _stages = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _stageNo;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="preset">the preset.</param>
    /// <param name="outDir">output folder.</param>
    /// <param name="threads">worker threads.</param>
    /// <param name="resume">continue an interrupted run in <paramref name="outDir"/>.</param>
    /// <param name="fromLammps">root of a LAMMPS deck tree whose trajectories to analyse instead of running MD, or null.</param>
    /// <param name="engine">who runs the MD: Vitrion, or LAMMPS (then this run only builds the models and writes the decks).</param>
    public PaperPipeline(PaperPreset preset, string outDir, int threads, bool resume, string? fromLammps = null, PaperEngine engine = PaperEngine.Vitrion)
    {
        if (fromLammps is not null && engine == PaperEngine.Lammps)
        {
            throw new InputException("--engine lammps writes LAMMPS decks and --from-lammps analyses what they produced: use one at a time");
        }

        _engine = engine;
        _preset = preset;
        _out = Path.GetFullPath(outDir);
        _threads = threads;
        _resume = resume;
        _fromLammps = fromLammps is null ? null : Path.GetFullPath(fromLammps);
    }

    private string StageDir => Path.Combine(_out, ".stages");

    private static string CompName(int p) => string.Create(CultureInfo.InvariantCulture, $"p2s6-{p:00}");

    private string Comp(int p) => Path.Combine(_out, CompName(p));

    private static string T(double t) => string.Create(CultureInfo.InvariantCulture, $"T{t:0}");

    private static string S(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Runs every stage; returns the exit code.</summary>
    public int Run()
    {
        string manifest = Path.Combine(_out, "manifest.json");
        if (File.Exists(manifest) && !_resume && !IsDeckRunAnalysedInPlace(manifest))
        {
            throw new InputException(manifest, 0, "this folder holds an earlier paper run; add --resume to continue it, or choose another -o");
        }

        Directory.CreateDirectory(StageDir);
        var man = new JsonObject
        {
            ["software"] = "vitrion " + typeof(PaperPipeline).Assembly.GetName().Version,
            ["preset"] = _preset.Name,
            ["compositions_p2s6_percent"] = new JsonArray(_preset.Compositions.Select(c => (JsonNode?)c).ToArray()),
            ["scale"] = _preset.Scale,
            ["temperatures_K"] = new JsonArray(_preset.Temperatures.Select(c => (JsonNode?)c).ToArray()),
            ["production_steps"] = _preset.ProductionSteps,
            ["dump_every"] = _preset.DumpEvery,
            ["prepare_steps"] = new JsonObject { ["minimise"] = _preset.Prepare.Minimise, ["melt_1500K"] = _preset.Prepare.Melt, ["densify_1500K"] = _preset.Prepare.Densify, ["quench_to_500K"] = _preset.Prepare.Quench, ["relax_500K"] = _preset.Prepare.Relax },
            ["seeds"] = "build 1000+P2S6%, protocol 2023+P2S6%, production 7000+T, NEB 1, softness split 12345",
            ["threads"] = _threads,
            ["timestep_fs"] = 1.0,
            ["force_field"] = "Ariga 2022 (data/forcefields/ariga2022.json), PPPM 1e-5, 12 Å",
            ["from_lammps"] = _fromLammps,
            ["engine"] = _fromLammps is null && _engine == PaperEngine.Vitrion ? "vitrion" : "lammps",
            ["lammps_decks"] = _engine == PaperEngine.Lammps ? Path.Combine(_out, LammpsEngine.TreeName) : null,
        };
        AtomicFile.WriteAllText(manifest, man.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.Out.WriteLine(_preset.Expectation);
        Console.Out.WriteLine($"output: {_out}");
        if (_engine == PaperEngine.Lammps) { return WriteLammpsDecks(); }

        foreach (int p in _preset.Compositions)
        {
            string dir = Comp(p);
            Directory.CreateDirectory(dir);
            if (_fromLammps is null)
            {
                Stage($"{CompName(p)}/build", true, () => V("build", "--series", "chen2023", "--p2s6", p.ToString(CultureInfo.InvariantCulture), "--scale", S(_preset.Scale), "--seed", (1000 + p).ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(dir, "glass.data")));
                Stage($"{CompName(p)}/prepare", true, () =>
                {
                    string proto = Path.Combine(dir, "prepare.toml");
                    AtomicFile.WriteAllText(proto, PrepareProtocol(p));
                    V("run", proto);
                });
                foreach (double t in _preset.Temperatures)
                {
                    string td = Path.Combine(dir, T(t));
                    Stage($"{CompName(p)}/{T(t)}/md", true, () =>
                    {
                        Directory.CreateDirectory(td);
                        Capture(Path.Combine(td, "md.json"), "md", Path.Combine(dir, "prepared.data"), "--steps", _preset.ProductionSteps.ToString(CultureInfo.InvariantCulture),
                            "--ensemble", "nvt", "--temp", S(t), "--seed", (7000 + (int)t).ToString(CultureInfo.InvariantCulture), "--velocities", S(t),
                            "--dump", Path.Combine(td, "trajectory.dump"), "--dump-every", _preset.DumpEvery.ToString(CultureInfo.InvariantCulture),
                            "--thermo", "100", "--log", Path.Combine(td, "thermo.csv"), "--out", Path.Combine(td, "final.data"), "--threads", _threads.ToString(CultureInfo.InvariantCulture), "--json");
                    });
                }
            }
            else
            {
                Stage($"{CompName(p)}/import", true, () => ImportLammps(p));
            }

            var data = LammpsDataReader.Read(Path.Combine(dir, "prepared.data"));
            int nLi = data.Topology.CountByType()[data.Topology.TypeIndex("Li")];
            foreach (double t in _preset.Temperatures)
            {
                string td = Path.Combine(dir, T(t));
                Stage($"{CompName(p)}/{T(t)}/diffusion", false, () => V("analyze", "diffusion", Path.Combine(td, "trajectory.dump"), "--temperature", S(t), "--out", Path.Combine(td, "diffusion.json"), "--png", Path.Combine(td, "msd.png")));
            }

            Stage($"{CompName(p)}/arrhenius", false, () =>
            {
                var args = new List<string> { "analyze", "arrhenius" };
                foreach (double t in _preset.Temperatures) { args.Add("--msd"); args.Add($"{S(t)}={Path.Combine(dir, T(t), "diffusion.json")}"); }
                args.AddRange(["--carriers", nLi.ToString(CultureInfo.InvariantCulture), "--volume-a3", S(data.Box.Volume), "--extrapolate-k", "300", "--out", Path.Combine(dir, "arrhenius.json"), "--png", Path.Combine(dir, "arrhenius.png")]);
                V(args.ToArray());
            });
            string prepared = Path.Combine(dir, "prepared.data");
            string softT = Path.Combine(dir, T(_preset.SoftnessTemperature), "trajectory.dump");
            Stage($"{CompName(p)}/clusters", false, () => Capture(Path.Combine(dir, "clusters.json"), "analyze", "clusters", prepared, "--json", "--out", Path.Combine(dir, "clusters")));
            Stage($"{CompName(p)}/rdf", false, () => V("analyze", "rdf", softT, "--pairs", "Li-S,P-S,Li-Li,S-S", "--rmax", "10", "--out", Path.Combine(dir, "rdf")));
            Stage($"{CompName(p)}/sq", false, () => Capture(Path.Combine(dir, "sq.json"), "analyze", "sq", softT, "--out", Path.Combine(dir, "sq"), "--json"));
            Stage($"{CompName(p)}/voronoi", false, () => V("analyze", "voronoi", prepared, "--out", Path.Combine(dir, "voronoi.csv")));
            Stage($"{CompName(p)}/energy", false, () => Capture(Path.Combine(dir, "energy.json"), "energy", prepared, "--json", "--threads", _threads.ToString(CultureInfo.InvariantCulture)));
            Stage($"{CompName(p)}/trace", false, () => V("analyze", "trace", softT, "--out", Path.Combine(dir, "trace")));
            Stage($"{CompName(p)}/homology", false, () => V("analyze", "homology", prepared, "--out", Path.Combine(dir, "homology")));

            // Softness works on inherent structures: quenched frames give cleaner features and D²min (test accuracy
            // ≈0.74 against ≈0.69 on instantaneous frames of the 70:30 glass, BENCHMARKS.md).
            Stage($"{CompName(p)}/quench", false, () => V("quench", softT, "--topology", prepared, "-o", Inherent(p), "--voronoi", "--threads", _threads.ToString(CultureInfo.InvariantCulture)));
        }

        // Softness: train on the first composition, apply to all.
        int first = _preset.Compositions[0];
        string model = Path.Combine(_out, "softness", "model.json");
        string trainTraj = Inherent(first);
        Stage("softness/train", false, () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(model)!);
            Capture(Path.Combine(_out, "softness", "train.txt"), "softness", "train", trainTraj, "-o", model, "--lag-frames", _preset.SoftnessFrames.Lag.ToString(CultureInfo.InvariantCulture),
                "--window-frames", _preset.SoftnessFrames.Window.ToString(CultureInfo.InvariantCulture),
                "--origin-stride", _preset.SoftnessOrigins.Stride.ToString(CultureInfo.InvariantCulture), "--max-origins", _preset.SoftnessOrigins.Max.ToString(CultureInfo.InvariantCulture), "--export-features", Path.Combine(_out, "softness", "features.csv"), "--study");
        });
        foreach (int p in _preset.Compositions)
        {
            string dir = Comp(p);
            string traj = Inherent(p);
            Stage($"{CompName(p)}/softness", false, () => V("softness", "apply", model, traj, "-o", Path.Combine(dir, "softness.csv"), "--xyz", Path.Combine(dir, "softness.xyz")));
            Stage($"{CompName(p)}/softness-analysis", false, () => V("softness", "analyze", traj, "--softness", Path.Combine(dir, "softness.csv"), "-o", Path.Combine(dir, "softness-analysis"),
                "--columns", $"{InherentStructure.EnergyColumn},{QuenchCommand.VoronoiColumn}"));
            Stage($"{CompName(p)}/rings", false, () => V("analyze", "rings", Path.Combine(dir, "prepared.data"), "--softness", Path.Combine(dir, "softness.csv"), "--out", Path.Combine(dir, "rings")));
        }

        Stage($"{CompName(first)}/neb", false, () => V("neb", "batch", Path.Combine(Comp(first), "prepared.data"), "--softness", Path.Combine(Comp(first), "softness.csv"),
            "--pairs", _preset.NebPairs.ToString(CultureInfo.InvariantCulture), "--seed", "1", "--images", _preset.NebImages.ToString(CultureInfo.InvariantCulture),
            "--fmax", S(_preset.Neb.Fmax), "--max-steps", _preset.Neb.MaxSteps.ToString(CultureInfo.InvariantCulture),
            "--relax-fmax", S(_preset.Neb.RelaxFmax), "--relax-steps", _preset.Neb.RelaxSteps.ToString(CultureInfo.InvariantCulture),
            // The configuration measured to converge (bench/neb/RESULTS.md): IDPP path, atoms beyond 6 Å of the hop frozen,
            // hops of 5–6.5 Å (longer direct hops through the glass rarely give a converged band).
            "--idpp", "--mobile-radius", "6", "--min-distance", "5", "--max-distance", "6.5",
            "--threads", _threads.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(Comp(first), "neb", "barriers.csv")));

        Stage("report", false, () =>
        {
            new PaperReport(_preset, _out, _stages).Write();
            RecordEngine(Path.Combine(_out, "results.json"));
        }, alwaysRun: true);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paper ({_preset.Name}) finished in {_clock.Elapsed.TotalMinutes:F1} min: {Path.Combine(_out, "report.html")}"));
        return 0;
    }

    /// <summary>The quenched (inherent-structure) trajectory of composition <paramref name="p"/> at the softness temperature.</summary>
    private string Inherent(int p) => Path.Combine(Comp(p), T(_preset.SoftnessTemperature), "inherent.dump");

    private string PrepareProtocol(int p) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Melt-quench of the {{CompName(p)}} model written by 'vitrion paper --preset {{_preset.Name}}' (SCIENCE.md §1):
        # FIRE minimisation → NVT melt at 1500 K → NPT 1500 K under 10 kbar (the packing starts at ~1 g/cm³) → NPT quench 1500 → 500 K → NPT relax at 500 K.
        data = "glass.data"
        kspace = "pppm"
        accuracy = 1e-5
        seed = {{2023 + p}}
        dt = 1.0
        threads = {{_threads}}
        final_data = "prepared.data"

        [thermo]
        file = "prepare-thermo.csv"
        every = 100

        [[stage]]
        name = "minimise"
        type = "minimise"
        steps = {{_preset.Prepare.Minimise}}
        ftol = 1.0

        [[stage]]
        name = "melt"
        type = "nvt"
        steps = {{_preset.Prepare.Melt}}
        temp = 1500
        tdamp = 100
        velocities = 1500

        [[stage]]
        name = "densify"
        type = "npt"
        steps = {{_preset.Prepare.Densify}}
        temp = 1500
        press = 10000.0
        tdamp = 100
        pdamp = 500

        [[stage]]
        name = "quench"
        type = "npt"
        steps = {{_preset.Prepare.Quench}}
        temp = [1500, 500]
        press = 1.0
        tdamp = 100
        pdamp = 1000

        [[stage]]
        name = "relax-500K"
        type = "npt"
        steps = {{_preset.Prepare.Relax}}
        temp = 500
        press = 1.0
        tdamp = 100
        pdamp = 1000

        """);

    private void ImportLammps(int p)
    {
        // Layout written by 'vitrion paper --engine lammps': FROM/p2s6-XX/{prepare,TXXX}/... after the user ran LAMMPS.
        LammpsEngine.CheckTree(_fromLammps!, _preset);
        string src = Path.Combine(_fromLammps!, CompName(p));
        string prep = Path.Combine(src, "prepare", "final.data");
        if (!File.Exists(prep)) { throw new InputException(prep, 0, "missing: run the prepare deck with LAMMPS first (lmp -in in.lammps in that folder)"); }
        File.Copy(prep, Path.Combine(Comp(p), "prepared.data"), true);
        foreach (double t in _preset.Temperatures)
        {
            string dump = Path.Combine(src, T(t), "trajectory.dump");
            if (!File.Exists(dump)) { throw new InputException(dump, 0, "missing: run the production deck with LAMMPS first"); }
            Directory.CreateDirectory(Path.Combine(Comp(p), T(t)));
            File.Copy(dump, Path.Combine(Comp(p), T(t), "trajectory.dump"), true);
        }
    }

    /// <summary>
    /// The <c>--engine lammps</c> run: builds the models, writes their protocols (prepare.toml, T*/production.toml) and
    /// the LAMMPS deck tree (<see cref="LammpsEngine"/>) in the layout that <c>--from-lammps</c> reads, then stops
    /// without running MD.
    /// </summary>
    private int WriteLammpsDecks()
    {
        string tree = Path.Combine(_out, LammpsEngine.TreeName);
        var written = new List<string>();
        foreach (int p in _preset.Compositions)
        {
            string dir = Comp(p);
            Directory.CreateDirectory(dir);
            Stage($"{CompName(p)}/build", true, () => V("build", "--series", "chen2023", "--p2s6", p.ToString(CultureInfo.InvariantCulture), "--scale", S(_preset.Scale), "--seed", (1000 + p).ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(dir, "glass.data")));
            Stage($"{CompName(p)}/protocols", true, () =>
            {
                AtomicFile.WriteAllText(Path.Combine(dir, "prepare.toml"), PrepareProtocol(p));
                foreach (double t in _preset.Temperatures)
                {
                    Directory.CreateDirectory(Path.Combine(dir, T(t)));
                    AtomicFile.WriteAllText(Path.Combine(dir, T(t), "production.toml"), LammpsEngine.ProductionProtocol(_preset, CompName(p), t, _threads));
                }
            });

            // Decks are cheap and always rewritten, so that the list of what was written is complete on --resume too.
            Stage($"{CompName(p)}/lammps-decks", true, () => written.AddRange(LammpsEngine.WriteComposition(_preset, CompName(p), Path.Combine(dir, "glass.data"), Path.Combine(dir, "prepare.toml"), dir, tree)), alwaysRun: true);
        }

        Stage("lammps/run_all", true, () => written.AddRange(LammpsEngine.WriteRoot(_preset, tree, _out, _preset.Compositions.Select(CompName).ToList())), alwaysRun: true);

        var results = new JsonObject
        {
            ["preset"] = _preset.Name,
            ["engine"] = "lammps",
            ["md"] = "not run: LAMMPS decks written (run lammps/run_all.sh, then vitrion paper --from-lammps)",
            ["lammps_decks"] = tree,
            ["decks"] = new JsonArray(written.Where(f => f.EndsWith("in.lammps", StringComparison.Ordinal)).Select(f => (JsonNode?)Path.GetRelativePath(tree, Path.GetDirectoryName(f)!)).ToArray()),
            ["stages"] = _stages.DeepClone(),
        };
        AtomicFile.WriteAllText(Path.Combine(_out, "results.json"), results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        Console.Out.WriteLine($"wrote {written.Count(f => f.EndsWith("in.lammps", StringComparison.Ordinal))} LAMMPS decks (no MD was run):");
        foreach (string f in written) { Console.Out.WriteLine("  " + f); }
        Console.Out.WriteLine($"  {Path.Combine(_out, "results.json")}");
        Console.Out.WriteLine($"next: bash {Path.Combine(tree, "run_all.sh")}   (NP=ranks, default 4; see {Path.Combine(tree, "README.txt")})");
        Console.Out.WriteLine($"then: vitrion paper --preset {_preset.Name} --from-lammps {tree} -o {_out}");
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

    /// <summary>Adds to results.json which engine ran the MD (and where LAMMPS' trajectories came from).</summary>
    private void RecordEngine(string resultsFile)
    {
        if (JsonNode.Parse(File.ReadAllText(resultsFile)) is not JsonObject r) { return; }
        r["engine"] = _fromLammps is null ? "vitrion" : "lammps";
        if (_fromLammps is not null) { r["from_lammps"] = _fromLammps; }
        AtomicFile.WriteAllText(resultsFile, r.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private void Stage(string name, bool essential, Action action, bool alwaysRun = false)
    {
        _stageNo++;
        string marker = Path.Combine(StageDir, name.Replace('/', '_') + ".done");
        if (_resume && !alwaysRun && File.Exists(marker))
        {
            Console.Out.WriteLine($"[{_stageNo,2}] {name}: done earlier (resume)");
            _stages[name] = JsonNode.Parse(File.ReadAllText(marker));
            return;
        }

        var sw = Stopwatch.StartNew();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_stageNo,2}] {name} (t = {_clock.Elapsed.TotalSeconds:F0} s)"));
        try
        {
            action();
            var done = new JsonObject { ["status"] = "ok", ["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 2) };
            AtomicFile.WriteAllText(marker, done.ToJsonString());
            _stages[name] = done;
        }
        catch (Exception ex) when (!essential)
        {
            string msg = ex is InputException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine($"     stage {name} failed: {msg} (the report marks it; rerun with --resume after fixing)");
            _stages[name] = new JsonObject { ["status"] = "failed", ["error"] = msg, ["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 2) };
        }
    }

    private static void V(params string[] args)
    {
        int code = CliApp.Run(args);
        if (code != 0) { throw new InvalidOperationException($"'vitrion {string.Join(' ', args)}' exited with {code}"); }
    }

    /// <summary>Runs a command and saves what it printed on stdout to <paramref name="file"/>.</summary>
    private static void Capture(string file, params string[] args)
    {
        var old = Console.Out;
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        int code;
        try
        {
            Console.SetOut(w);
            code = CliApp.Run(args);
        }
        finally
        {
            w.Flush();
            Console.SetOut(old);
        }

        AtomicFile.WriteAllText(file, sb.ToString());
        if (code != 0) { throw new InvalidOperationException($"'vitrion {string.Join(' ', args)}' exited with {code}"); }
    }
}

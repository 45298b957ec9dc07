using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issue #10, <c>vitrion paper --engine lammps</c>: on the hidden tiny preset it builds the models and writes a LAMMPS
/// deck tree without running MD; the decks run in LAMMPS (serial) through run_all.sh, which is resumable; their
/// force-field section gives Vitrion's energy; and <c>vitrion paper --from-lammps</c> analyses what LAMMPS produced into
/// a report with physically sane numbers.
/// </summary>
public sealed class PaperLammpsEngineTests
{
    private const string Preset = "tiny";
    private static readonly string[] Comps = ["p2s6-05", "p2s6-25"];
    private static readonly int[] Temps = [700, 900, 1100];

    [Fact]
    public void EngineLammps_WritesDecksOnly_LammpsRunsThem_AndFromLammpsAnalysesTheResult()
    {
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        string root = References.TempDir("vitrion-paper-lammps");
        try
        {
            string outDir = Path.Combine(root, "out");
            string tree = Path.Combine(outDir, "lammps");

            // 1. Decks only: exit 0, prints what it wrote, runs no MD.
            var sw = Stopwatch.StartNew();
            var (code, output) = VitrionProcess.Run(300, "paper", "--preset", Preset, "--engine", "lammps", "-o", outDir, "--threads", "2");
            double deckSeconds = sw.Elapsed.TotalSeconds;
            Assert.True(code == 0, $"paper --engine lammps exited with {code}:\n{VitrionProcess.Tail(output)}");
            Assert.Contains("wrote 8 LAMMPS decks (no MD was run)", output, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(tree, "run_all.sh"), output, StringComparison.Ordinal);
            Assert.Contains($"--from-lammps {tree}", output, StringComparison.Ordinal);
            Assert.True(deckSeconds < 120, $"writing the decks took {deckSeconds:F0} s");
            Assert.Empty(Directory.GetFiles(outDir, "*.dump", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(outDir, "prepared.data", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(outDir, "final.data", SearchOption.AllDirectories));
            Assert.False(File.Exists(Path.Combine(outDir, "report.html")));

            var manifest = Json(Path.Combine(outDir, "manifest.json"));
            Assert.Equal("lammps", manifest["engine"]!.GetValue<string>());
            Assert.Equal(tree, manifest["lammps_decks"]!.GetValue<string>());
            var deckResults = Json(Path.Combine(outDir, "results.json"));
            Assert.Equal("lammps", deckResults["engine"]!.GetValue<string>());
            Assert.Equal(8, deckResults["decks"]!.AsArray().Count);

            // Layout that --from-lammps reads; production decks start from the prepared model and dump what the analyses read.
            var runAll = File.ReadAllText(Path.Combine(tree, "run_all.sh"));
            Assert.StartsWith("#!/usr/bin/env bash", runAll, StringComparison.Ordinal);
            Assert.Contains("mpirun", runAll, StringComparison.Ordinal);
            Assert.Contains("${NP:-4}", runAll, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.True((File.GetUnixFileMode(Path.Combine(tree, "run_all.sh")) & UnixFileMode.UserExecute) != 0, "run_all.sh is not executable");
            }
            Assert.Contains($"vitrion paper --preset {Preset} --from-lammps", File.ReadAllText(Path.Combine(tree, "README.txt")), StringComparison.Ordinal);
            int lastPos = -1;
            foreach (string c in Comps)
            {
                Assert.True(File.Exists(Path.Combine(outDir, c, "glass.data")));
                Assert.True(File.Exists(Path.Combine(outDir, c, "prepare.toml")));
                foreach (var f in new[] { "in.lammps", "system.data", "forcefield.sw" }) { Assert.True(File.Exists(Path.Combine(tree, c, "prepare", f)), $"{c}/prepare/{f} missing"); }
                string prep = File.ReadAllText(Path.Combine(tree, c, "prepare", "in.lammps"));
                Assert.Contains("read_data system.data", prep, StringComparison.Ordinal);
                Assert.Contains("write_data final.data", prep, StringComparison.Ordinal);
                Assert.Contains("iso 10000 10000 500", prep, StringComparison.Ordinal);   // the densify stage of the paper's prepare protocol
                int pos = runAll.IndexOf($"run_deck {c}/prepare ", StringComparison.Ordinal);
                Assert.True(pos > lastPos, $"{c}/prepare out of order in run_all.sh");
                foreach (int t in Temps)
                {
                    string deck = File.ReadAllText(Path.Combine(tree, c, $"T{t}", "in.lammps"));
                    Assert.Contains("read_data ../prepare/final.data", deck, StringComparison.Ordinal);
                    Assert.DoesNotContain("read_data system.data", deck, StringComparison.Ordinal);
                    Assert.Contains("dump traj all custom 50 trajectory.dump id type element xu yu zu ix iy iz", deck, StringComparison.Ordinal);
                    Assert.Contains($"fix s1 all nvt temp {t} {t} 100", deck, StringComparison.Ordinal);
                    Assert.Contains("run 1200", deck, StringComparison.Ordinal);
                    Assert.False(File.Exists(Path.Combine(tree, c, $"T{t}", "system.data")));
                    Assert.True(File.Exists(Path.Combine(outDir, c, $"T{t}", "production.toml")));
                    int tp = runAll.IndexOf($"run_deck {c}/T{t} ", StringComparison.Ordinal);
                    Assert.True(tp > pos, $"{c}/T{t} runs before its prepare deck");
                    lastPos = tp;
                }
            }

            // 2. LAMMPS runs the tree (serially) through run_all.sh; the tiny decks take well under a minute.
            sw.Restart();
            var (rc, shOut) = RunAll(tree, lmp);
            double lammpsSeconds = sw.Elapsed.TotalSeconds; // reported, not asserted: speed belongs to the benchmarks
            Assert.True(rc == 0, $"run_all.sh exited with {rc}:\n{shOut}");
            Assert.Equal(8, CountLines(shOut, "run  "));
            foreach (string c in Comps)
            {
                foreach (int t in Temps)
                {
                    var (frames, atoms, header) = DumpShape(Path.Combine(tree, c, $"T{t}", "trajectory.dump"));
                    Assert.Equal(1200 / 50 + 1, frames);
                    Assert.InRange(atoms, 240, 300);
                    Assert.StartsWith("ITEM: ATOMS id type element xu yu zu ix iy iz", header, StringComparison.Ordinal);
                }
            }

            // Resumable: a second run skips every finished deck; a removed output reruns only that deck.
            var (rc2, shOut2) = RunAll(tree, lmp);
            Assert.True(rc2 == 0, shOut2);
            Assert.Equal(8, CountLines(shOut2, "skip "));
            Assert.Equal(0, CountLines(shOut2, "run  "));
            string dumpT900 = Path.Combine(tree, "p2s6-25", "T900", "trajectory.dump");
            string saved = File.ReadAllText(dumpT900);
            File.Delete(dumpT900);
            var (rc3, shOut3) = RunAll(tree, lmp);
            Assert.True(rc3 == 0, shOut3);
            Assert.Equal(1, CountLines(shOut3, "run  p2s6-25/T900"));
            Assert.Equal(7, CountLines(shOut3, "skip "));
            Assert.Equal(saved, File.ReadAllText(dumpT900));   // serial LAMMPS with the same seed repeats the run exactly

            // 3. Analyse in the same folder (no --resume needed after a decks-only run).
            (code, output) = VitrionProcess.Run(400, "paper", "--preset", Preset, "--from-lammps", tree, "-o", outDir, "--threads", "2");
            Assert.True(code == 0, $"paper --from-lammps exited with {code}:\n{VitrionProcess.Tail(output)}");
            Assert.DoesNotMatch(@"stage \S+ failed:", output);
            Assert.True(File.Exists(Path.Combine(outDir, "report.html")), "report.html missing");
            var results = Json(Path.Combine(outDir, "results.json"));
            Assert.Equal("lammps", results["engine"]!.GetValue<string>());
            Assert.Equal(tree, results["from_lammps"]!.GetValue<string>());
            Assert.Equal("lammps", Json(Path.Combine(outDir, "manifest.json"))["engine"]!.GetValue<string>());
            var stages = results["stages"]!.AsObject();
            foreach (string c in Comps)
            {
                foreach (var s in new[] { "import", "T700/diffusion", "T900/diffusion", "T1100/diffusion", "arrhenius", "clusters", "rdf", "sq", "energy", "softness" })
                {
                    Assert.True(stages[$"{c}/{s}"]?["status"]?.GetValue<string>() == "ok", $"stage {c}/{s}: {stages[$"{c}/{s}"]?.ToJsonString() ?? "absent"}");
                }

                Assert.False(stages.ContainsKey($"{c}/prepare"), "the analysis ran Vitrion's own melt-quench");
                Assert.False(stages.ContainsKey($"{c}/T700/md"), "the analysis ran Vitrion's own MD");

                // The imported model is exactly LAMMPS' prepared one: same composition as the built glass, a glass density.
                Assert.Equal(File.ReadAllBytes(Path.Combine(tree, c, "prepare", "final.data")), File.ReadAllBytes(Path.Combine(outDir, c, "prepared.data")));
                var r = Vitrion.Workflows.Paper.PaperResults.Read(Path.Combine(outDir, "results.json")).Composition(int.Parse(c[5..], CultureInfo.InvariantCulture));
                Assert.InRange(r.Model!.Atoms, 240, 300);
                Assert.InRange(r.Model.Li, 80, 92);
                Assert.InRange(r.Model.DensityGPerCm3, 1.0, 2.4);

                // Li diffuse, faster when hotter, with an activation energy of a fast-ion glass.
                double d700 = r.Temperatures.Single(x => x.TemperatureK == 700).Diffusion!.DCm2PerS;
                double d1100 = r.Temperatures.Single(x => x.TemperatureK == 1100).Diffusion!.DCm2PerS;
                Assert.InRange(d700, 1e-7, 1e-2);
                Assert.True(d1100 > d700, $"{c}: D(1100 K) = {d1100:G3} not above D(700 K) = {d700:G3} cm²/s");
                Assert.InRange(r.Arrhenius!.EaEv, 0.005, 1.0);
                Assert.True(double.IsFinite(r.Energy!.PeKcalPerMol));

                // MSD of Li from LAMMPS' unwrapped positions grows through the run at every temperature.
                foreach (int t in Temps)
                {
                    var msd = LiMsdFromFirstFrame(Path.Combine(outDir, c, $"T{t}", "trajectory.dump"));
                    int n = msd.Count;
                    Assert.True(msd[n / 4] > msd[1] && msd[n / 2] > msd[n / 4] && msd[n - 1] > msd[n / 2], $"{c} T{t}: Li MSD not increasing: {string.Join(", ", msd.Select(m => m.ToString("F2", CultureInfo.InvariantCulture)))}");
                    Assert.InRange(msd[n - 1], 1.0, 400.0);
                }
            }

            TestContext.Current.SendDiagnosticMessage($"decks {deckSeconds:F1} s, LAMMPS (serial, 8 decks) {lammpsSeconds:F1} s");
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("VITRION_KEEP_TEST_OUTPUT") != "1")
            {
                try { Directory.Delete(root, true); }
                catch (IOException) { /* best effort */ }
            }
        }
    }

    [Fact]
    public void EngineLammps_DeckForceFieldGivesVitrionsEnergyForTheBuiltGlass()
    {
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        string root = References.TempDir("vitrion-paper-lammps-e");
        try
        {
            string outDir = Path.Combine(root, "out");
            var (code, so, se) = CliRunner.Run("paper", "--preset", Preset, "--engine", "lammps", "-o", outDir, "--threads", "2");
            Assert.True(code == 0, so + se);
            string prep = Path.Combine(outDir, "lammps", "p2s6-25", "prepare");

            // The deck's own force-field section (everything before the protocol's first command) on the data file the
            // builder wrote, with run 0 instead of the protocol.
            string run0 = Path.Combine(root, "run0");
            Directory.CreateDirectory(run0);
            File.Copy(Path.Combine(prep, "system.data"), Path.Combine(run0, "system.data"));
            File.Copy(Path.Combine(prep, "forcefield.sw"), Path.Combine(run0, "forcefield.sw"));
            var lines = File.ReadAllLines(Path.Combine(prep, "in.lammps"));
            int first = Array.FindIndex(lines, l => l.StartsWith("timestep ", StringComparison.Ordinal));
            Assert.True(first > 0, "no protocol section in the prepare deck");
            File.WriteAllLines(Path.Combine(run0, "in.run0"), lines.Take(first).Append("run 0"));
            var (lc, _, lerr) = References.Run(lmp, "-in in.run0 -log log.lammps -screen none", run0, 300);
            string log = File.ReadAllText(Path.Combine(run0, "log.lammps"));
            Assert.True(lc == 0, $"lmp failed ({lc}): {lerr}\n{log}");
            var lammps = Thermo0(log);

            (code, so, se) = CliRunner.Run("energy", Path.Combine(outDir, "p2s6-25", "glass.data"), "--json", "--threads", "2");
            Assert.True(code == 0, so + se);
            var ours = JsonNode.Parse(so)!;

            // PPPM is the same algorithm in both (1e-9); LAMMPS tabulates the real-space Coulomb (about 1e-7 of it).
            double pe = ours["pe_kcal_per_mol"]!.GetValue<double>();
            Assert.InRange(Math.Abs(pe), 100, 1e6);
            Assert.True(Math.Abs(pe - lammps["PotEng"]) <= 1e-6 * Math.Abs(pe), $"pe: Vitrion {pe:R}, LAMMPS {lammps["PotEng"]:R}");
            Assert.True(Math.Abs(ours["ecoul_kcal_per_mol"]!.GetValue<double>() - lammps["E_coul"]) <= 1e-6 * Math.Abs(lammps["E_coul"]), $"ecoul: Vitrion {ours["ecoul_kcal_per_mol"]}, LAMMPS {lammps["E_coul"]:R}");
            foreach (var (k, l) in new[] { ("evdwl", "E_vdwl"), ("elong", "E_long"), ("eangle", "E_angle"), ("edihed", "E_dihed") })
            {
                double v = ours[k + "_kcal_per_mol"]!.GetValue<double>();
                Assert.True(Math.Abs(v - lammps[l]) <= 1e-9 * Math.Abs(lammps[l]) + 1e-9, $"{k}: Vitrion {v:R}, LAMMPS {lammps[l]:R}");
            }

            // The tree says which preset it was written for, so analysing it with another preset fails clearly.
            (code, so, se) = CliRunner.Run("paper", "--preset", "quick", "--from-lammps", Path.Combine(outDir, "lammps"), "-o", Path.Combine(root, "mismatch"));
            Assert.Equal(2, code);
            Assert.Contains("--preset tiny", se + so, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(root, true); }
            catch (IOException) { /* best effort */ }
        }
    }

    [Fact]
    public void Engine_RejectsUnknownValuesAndTheCombinationWithFromLammps()
    {
        string root = References.TempDir("vitrion-paper-lammps-args");
        try
        {
            var (code, so, se) = CliRunner.Run("paper", "--preset", Preset, "--engine", "gromacs", "-o", Path.Combine(root, "a"));
            Assert.Equal(2, code);
            Assert.Contains("use vitrion or lammps", se + so, StringComparison.Ordinal);
            (code, so, se) = CliRunner.Run("paper", "--preset", Preset, "--engine", "lammps", "--from-lammps", root, "-o", Path.Combine(root, "b"));
            Assert.Equal(2, code);
            Assert.Contains("one at a time", se + so, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(root, "a")) || Directory.Exists(Path.Combine(root, "b")), "a refused run wrote output");
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    private static int CountLines(string text, string prefix) => text.Split('\n').Count(l => l.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Runs run_all.sh serially (NP=1) with <paramref name="lmp"/>; returns exit code and stdout+stderr.</summary>
    private static (int Code, string Output) RunAll(string tree, string lmp)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(Path.Combine(tree, "run_all.sh"));
        psi.Environment["NP"] = "1";
        psi.Environment["LMP"] = lmp;
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(1_200_000)) // hang guard only
        {
            p.Kill(true);
            Assert.Fail("run_all.sh ran longer than 1200 s");
        }

        p.WaitForExit();
        return (p.ExitCode, so.Result + se.Result);
    }

    /// <summary>Frames, atoms per frame and the ATOMS header line of a LAMMPS text dump.</summary>
    private static (int Frames, int Atoms, string Header) DumpShape(string path)
    {
        var lines = File.ReadAllLines(path);
        int frames = lines.Count(l => l == "ITEM: TIMESTEP");
        int atoms = int.Parse(lines[Array.IndexOf(lines, "ITEM: NUMBER OF ATOMS") + 1], CultureInfo.InvariantCulture);
        return (frames, atoms, lines.First(l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal)));
    }

    /// <summary>Mean-square displacement of Li [Å²] from the first frame, per frame, read from the xu yu zu columns.</summary>
    private static List<double> LiMsdFromFirstFrame(string dump)
    {
        var frames = new List<Dictionary<int, (double X, double Y, double Z)>>();
        Dictionary<int, (double, double, double)>? cur = null;
        int ci = -1, ce = -1, cx = -1;
        bool inAtoms = false;
        foreach (var line in File.ReadLines(dump))
        {
            if (line.StartsWith("ITEM:", StringComparison.Ordinal))
            {
                inAtoms = line.StartsWith("ITEM: ATOMS", StringComparison.Ordinal);
                if (inAtoms)
                {
                    var cols = line["ITEM: ATOMS ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    ci = Array.IndexOf(cols, "id");
                    ce = Array.IndexOf(cols, "element");
                    cx = Array.IndexOf(cols, "xu");
                    cur = new Dictionary<int, (double, double, double)>();
                    frames.Add(cur);
                }

                continue;
            }

            if (!inAtoms) { continue; }
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f[ce] != "Li") { continue; }
            double P(int k) => double.Parse(f[k], CultureInfo.InvariantCulture);
            cur![int.Parse(f[ci], CultureInfo.InvariantCulture)] = (P(cx), P(cx + 1), P(cx + 2));
        }

        Assert.True(frames.Count > 4 && frames[0].Count > 0, $"{dump}: {frames.Count} frames");
        var msd = new List<double>();
        foreach (var fr in frames)
        {
            double s = 0;
            foreach (var (id, r0) in frames[0])
            {
                var r = fr[id];
                s += (r.X - r0.X) * (r.X - r0.X) + (r.Y - r0.Y) * (r.Y - r0.Y) + (r.Z - r0.Z) * (r.Z - r0.Z);
            }

            msd.Add(s / frames[0].Count);
        }

        return msd;
    }

    /// <summary>The step-0 thermo row of a LAMMPS log by column name.</summary>
    private static Dictionary<string, double> Thermo0(string log)
    {
        var lines = log.Split('\n');
        int h = Array.FindIndex(lines, l => l.TrimStart().StartsWith("Step ", StringComparison.Ordinal));
        Assert.True(h >= 0, "no thermo header in the LAMMPS log");
        var names = lines[h].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var vals = lines[h + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return names.Zip(vals).ToDictionary(p => p.First, p => double.Parse(p.Second, CultureInfo.InvariantCulture));
    }
}

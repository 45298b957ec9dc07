using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.Dynamics.Protocols;
using Vitrion.IO;

namespace Vitrion.Workflows.Paper;

/// <summary>Which program runs the molecular dynamics of <c>vitrion paper</c>.</summary>
public enum PaperEngine
{
    /// <summary>Vitrion itself (the default): every stage runs in-process.</summary>
    Vitrion,

    /// <summary>
    /// LAMMPS: <c>vitrion paper</c> builds the models, writes their protocols and a tree of LAMMPS decks (run_all.sh,
    /// README.txt) and stops; <c>vitrion paper --from-lammps</c> analyses what LAMMPS produced.
    /// </summary>
    Lammps,
}

/// <summary>
/// The LAMMPS deck tree of <c>vitrion paper --engine lammps</c>, in exactly the layout that <c>--from-lammps</c> reads:
/// <c>ROOT/p2s6-XX/prepare/</c> (melt-quench of the built glass, the paper's prepare protocol translated by
/// <see cref="LammpsDeck"/>; writes <c>final.data</c>) and <c>ROOT/p2s6-XX/TNNN/</c> (NVT production at NNN K that reads
/// <c>../prepare/final.data</c> and writes <c>trajectory.dump</c> with <c>id type element xu yu zu ix iy iz vx vy vz</c>
/// every dump interval, and <c>final.data</c>), plus <c>run_all.sh</c>, <c>README.txt</c> and <c>decks.json</c> at the root.
/// Units are LAMMPS <c>real</c> (fs, K, atm) as in Vitrion.
/// </summary>
public static class LammpsEngine
{
    /// <summary>Name of the deck tree inside the paper's output folder.</summary>
    public const string TreeName = "lammps";

    /// <summary>Marker that run_all.sh writes into a deck folder once LAMMPS finished that deck.</summary>
    public const string DoneMarker = "lammps.done";

    /// <summary>Manifest of the deck tree (preset, compositions, temperatures), checked by <c>--from-lammps</c>.</summary>
    public const string TreeManifest = "decks.json";



    /// <summary>
    /// Writes the decks of one composition: <c>prepare/</c> from <paramref name="prepareProtocol"/> applied to
    /// <paramref name="glassData"/>, and one production deck per temperature from the <c>production.toml</c> files in
    /// <paramref name="vitrionCompDir"/>. Returns the input scripts written, in the order they must run.
    /// </summary>
    public static IReadOnlyList<string> WriteComposition(PaperPreset preset, string compName, string glassData, string prepareProtocol, string vitrionCompDir, string treeRoot)
    {
        string root = Path.Combine(treeRoot, compName);
        var scripts = new List<string>();
        string prep = Path.Combine(root, "prepare");
        var r = LammpsDeck.Export(glassData, ProtocolParser.Load(prepareProtocol), prep);
        AtomicFile.WriteAllText(Path.Combine(prep, "README.txt"), string.Create(CultureInfo.InvariantCulture,
            $"Melt-quench of {compName} ({r.TotalSteps} MD steps of 1 fs) from the glass Vitrion built (system.data).\nRun first: lmp -in in.lammps   (writes final.data, which every T*/in.lammps reads)\n"));
        scripts.Add(r.InputScript);
        foreach (double t in preset.Temperatures)
        {
            string tName = string.Create(CultureInfo.InvariantCulture, $"T{t:0}");
            string proto = Path.Combine(vitrionCompDir, tName, "production.toml");
            string dir = Path.Combine(root, tName);

            // The deck's force-field section is written for the built glass (same types, bonds and charges as the
            // prepared model LAMMPS writes); the production run then reads the prepared model instead.
            var d = LammpsDeck.Export(glassData, ProtocolParser.Load(proto), dir);
            string script = File.ReadAllText(d.InputScript);
            const string from = "\nread_data system.data\n";
            int at = script.IndexOf(from, StringComparison.Ordinal);
            if (at < 0 || script.IndexOf(from, at + 1, StringComparison.Ordinal) >= 0)
            {
                throw new InvalidOperationException($"{d.InputScript}: expected exactly one 'read_data system.data' line");
            }

            script = string.Concat(script.AsSpan(0, at), "\n# the model written by ../prepare (run it first)\nread_data ../prepare/final.data\n", script.AsSpan(at + from.Length));
            AtomicFile.WriteAllText(d.InputScript, script);
            File.Delete(d.DataFile);
            AtomicFile.WriteAllText(Path.Combine(dir, "README.txt"), string.Create(CultureInfo.InvariantCulture,
                $"NVT production of {compName} at {t:0} K ({d.TotalSteps} steps of 1 fs), reading ../prepare/final.data.\nRun after ../prepare: lmp -in in.lammps   (writes trajectory.dump, which 'vitrion paper --from-lammps' reads, and final.data)\n"));
            scripts.Add(d.InputScript);
        }

        return scripts;
    }

    /// <summary>Writes run_all.sh (executable), README.txt and decks.json at the root of the tree; returns their paths.</summary>
    public static IReadOnlyList<string> WriteRoot(PaperPreset preset, string treeRoot, string outDir, IReadOnlyList<string> compNames)
    {
        long prepSteps = preset.Prepare.Melt + preset.Prepare.Densify + preset.Prepare.Quench + preset.Prepare.Relax;
        var sh = new StringBuilder();
        void L(string line) => sh.Append(line).Append('\n');
        L("#!/usr/bin/env bash");
        L($"# Runs every LAMMPS deck of 'vitrion paper --preset {preset.Name} --engine lammps' one after another, in dependency");
        L("# order: for each composition its prepare deck (melt-quench, writes prepare/final.data), then one production deck");
        L("# per temperature (reads ../prepare/final.data, writes trajectory.dump and final.data).");
        L("# Resumable: a deck whose outputs exist (with the marker " + DoneMarker + " this script writes when LAMMPS finished it) is");
        L("# skipped, so after an interruption just run this script again.");
        L("# Environment: NP = MPI ranks per deck (default 4; NP=1 runs LAMMPS without mpirun), LMP = LAMMPS executable");
        L("# (default lmp), MPIRUN = MPI launcher (default mpirun). Progress of the running deck: tail -f <deck>/log.lammps");
        L("set -euo pipefail");
        L("cd \"$(dirname \"$0\")\"");
        L("NP=\"${NP:-4}\"");
        L("LMP=\"${LMP:-lmp}\"");
        L("MPIRUN=\"${MPIRUN:-mpirun}\"");
        L("");
        L("run_deck() {");
        L("  local dir=\"$1\"; shift");
        L("  local finished=1 f");
        L("  [ -e \"$dir/" + DoneMarker + "\" ] || finished=0");
        L("  for f in \"$@\"; do [ -s \"$dir/$f\" ] || finished=0; done");
        L("  if [ \"$finished\" = 1 ]; then echo \"skip $dir (done)\"; return 0; fi");
        L("  echo \"run  $dir ($(date '+%F %T'))\"");
        L("  rm -f \"$dir/" + DoneMarker + "\"");
        L("  # a new prepared model invalidates the production runs that started from the old one");
        L("  case \"$dir\" in */prepare) rm -f \"${dir%/prepare}\"/T*/" + DoneMarker + " ;; esac");
        L("  if [ \"$NP\" = 1 ]; then");
        L("    (cd \"$dir\" && \"$LMP\" -in in.lammps -log log.lammps -screen none)");
        L("  else");
        L("    (cd \"$dir\" && \"$MPIRUN\" -np \"$NP\" \"$LMP\" -in in.lammps -log log.lammps -screen none)");
        L("  fi");
        L("  touch \"$dir/" + DoneMarker + "\"");
        L("}");
        L("");
        foreach (string c in compNames)
        {
            L($"run_deck {c}/prepare final.data");
            foreach (double t in preset.Temperatures)
            {
                L(string.Create(CultureInfo.InvariantCulture, $"run_deck {c}/T{t:0} trajectory.dump final.data"));
            }
        }

        L("");
        L($"echo \"all decks done; analyse with: vitrion paper --preset {preset.Name} --from-lammps $(pwd) -o {Quote(outDir)}\"");
        string runAll = Path.Combine(treeRoot, "run_all.sh");
        AtomicFile.WriteAllText(runAll, sh.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(runAll, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var tNames = string.Join(", ", preset.Temperatures.Select(t => string.Create(CultureInfo.InvariantCulture, $"T{t:0}")));
        string readme = string.Create(CultureInfo.InvariantCulture, $"""
            LAMMPS decks of 'vitrion paper --preset {preset.Name} --engine lammps'
            ====================================================================

            Vitrion built the glass models and wrote their protocols ({outDir}/p2s6-XX/prepare.toml and
            T*/production.toml); these decks run the same protocols in LAMMPS with the same force field (Ariga 2022,
            PPPM 1e-5, 12 Å; units real). Layout, for each composition p2s6-XX ({string.Join(", ", compNames)}):

              p2s6-XX/prepare/in.lammps   melt-quench of the built glass (system.data): {preset.Prepare.Minimise} minimisation steps,
                                          then {prepSteps} MD steps; writes final.data
              p2s6-XX/TNNN/in.lammps      NVT at NNN K ({tNames}), {preset.ProductionSteps} steps each, reading ../prepare/final.data;
                                          writes trajectory.dump (id type element xu yu zu ix iy iz vx vy vz, every {preset.DumpEvery} steps)
                                          and final.data

            Run (sequentially, in dependency order; resumable: finished decks are skipped when run again):

              bash run_all.sh                 # mpirun -np 4 lmp -in in.lammps in each deck folder
              NP=16 bash run_all.sh           # more MPI ranks;  NP=1 runs lmp without mpirun;  LMP=/path/to/lmp
              tail -f p2s6-XX/TNNN/log.lammps # progress

            The decks are independent across compositions (and across temperatures once prepare/ finished), so on a
            cluster they may also be submitted as separate jobs: cd DECK && mpirun -np N lmp -in in.lammps.

            Then analyse the trajectories with Vitrion (same preset; the output folder may be the one these decks were
            written from):

              vitrion paper --preset {preset.Name} --from-lammps {treeRoot} -o {outDir}

            which imports p2s6-XX/prepare/final.data and p2s6-XX/TNNN/trajectory.dump and runs every analysis of the
            paper (diffusion, Arrhenius, conductivity, structure, softness, NEB, homology) into report.html and results.json.

            """);
        string readmePath = Path.Combine(treeRoot, "README.txt");
        AtomicFile.WriteAllText(readmePath, readme);

        var manifest = new JsonObject
        {
            ["written_by"] = "vitrion " + typeof(LammpsEngine).Assembly.GetName().Version + " (paper --engine lammps)",
            ["preset"] = preset.Name,
            ["compositions"] = new JsonArray(compNames.Select(c => (JsonNode?)c).ToArray()),
            ["temperatures_K"] = new JsonArray(preset.Temperatures.Select(t => (JsonNode?)t).ToArray()),
            ["production_steps"] = preset.ProductionSteps,
            ["dump_every"] = preset.DumpEvery,
            ["timestep_fs"] = 1.0,
        };
        string manPath = Path.Combine(treeRoot, TreeManifest);
        AtomicFile.WriteAllText(manPath, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return [runAll, readmePath, manPath];
    }

    /// <summary>
    /// Checks that a deck tree written by <c>--engine lammps</c> (if it has its <c>decks.json</c>) was written for
    /// <paramref name="preset"/>, so that a mismatched --preset fails with a clear message instead of a missing file.
    /// </summary>
    public static void CheckTree(string treeRoot, PaperPreset preset)
    {
        string man = Path.Combine(treeRoot, TreeManifest);
        if (!File.Exists(man)) { return; }
        var node = JsonNode.Parse(File.ReadAllText(man));
        string? written = node?["preset"]?.GetValue<string>();
        if (written is not null && !string.Equals(written, preset.Name, StringComparison.Ordinal))
        {
            throw new InputException(man, 0, $"these decks were written for --preset {written}; analyse them with --preset {written} (not {preset.Name})");
        }
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? "'" + path + "'" : path;
}

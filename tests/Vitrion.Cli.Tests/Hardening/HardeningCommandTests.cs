using System.Globalization;
using Vitrion.TestKit;
using Xunit;
using static Vitrion.Cli.Tests.Hardening.SmallGlass;

namespace Vitrion.Cli.Tests.Hardening;

/// <summary>
/// Issue #19: one test per defect (the command, the input, the one-line message with exit 2, and the input left
/// unchanged where it was at risk), plus the "also fix" list.
/// </summary>
public sealed class HardeningCommandTests
{
    private static string NanDump()
    {
        string p = Copy(Dump, "nan.dump");
        var lines = File.ReadAllLines(p);
        int atoms = Array.FindIndex(lines, l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal));
        var tok = lines[atoms + 5].Split(' ');
        tok[3] = "nan";
        lines[atoms + 5] = string.Join(' ', tok);
        File.WriteAllLines(p, lines);
        return p;
    }

    [Fact]
    public void Defect01_NanInADumpIsRefusedByEveryAnalysis()
    {
        string nan = NanDump();
        string line = $"{nan}:{File.ReadAllLines(nan).ToList().FindIndex(l => l.Contains(" nan ", StringComparison.Ordinal)) + 1}:";
        AssertUserError(["analyze", "msd", nan, "--json"], line, "expected a finite number in column 'xu', found 'nan'");
        AssertUserError(["analyze", "msd", nan], line);
        AssertUserError(["analyze", "clusters", nan], line);
    }

    [Fact]
    public void Defect02_SizesAreCheckedAgainstTheBoxAndTheMachineBeforeAllocating()
    {
        AssertUserError(["md", Data, "--steps", "10", "--cutoff", "1e9"], "--cutoff", "GB of neighbour lists", "804 atoms");
        AssertUserError(["analyze", "rdf", Dump, "--bins", "2000000000"], "--bins must lie in 1..1000000");
        AssertUserError(["analyze", "rdf", Dump, "--rmax", "1e6"], "--rmax", "2 × the smallest width of the box");
        AssertUserError(["analyze", "clusters", Dump, "--method", "geometry", "--cutoff", "1e9"], "--cutoff", "half the smallest width of the box (minimum image)");
        // A cutoff within the limits still runs.
        var (code, _, err) = CliRunner.Run("analyze", "clusters", Dump, "--method", "geometry", "--cutoff", "2.6");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void Defect03_ThreadsAreCappedAtTheProcessorCountAndSaySo()
    {
        string dir = References.TempDir("harden");
        string log = Path.Combine(dir, "t.csv");
        var (code, _, err) = CliRunner.Run("md", Data, "--steps", "4", "--thermo", "2", "--threads", "10000", "--log", log);
        Assert.True(code == 0, err);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"--threads 10000 capped at the {Environment.ProcessorCount} processors"), err);
        Assert.Equal(1 + 3, File.ReadAllLines(log).Length);
        Assert.Equal(["md", "x", "--threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)], CliApp.CapThreads(["md", "x", "--threads", "10000"]));
        AssertUserError(["md", Data, "--steps", "4", "--threads", "-1"], "--threads must be ≥ 0");
    }

    [Fact]
    public void Defect04_ZeroKelvinTargetsAreRefusedBeforeTheRun()
    {
        string dir = References.TempDir("harden");
        string outData = Path.Combine(dir, "final.data");
        AssertUserError(["md", Data, "--steps", "10", "--ensemble", "nvt", "--temp", "0", "--out", outData], "--temp", "got 0", "0 K target is refused");
        AssertUserError(["md", Data, "--steps", "10", "--ensemble", "nvt", "--temp", "600:0", "--out", outData], "--temp", "got 0");
        Assert.False(File.Exists(outData));
        var (code, _, err) = CliRunner.Run("md", Data, "--steps", "10", "--ensemble", "nvt", "--temp", "600:1", "--out", outData);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(outData));
    }

    [Fact]
    public void Defect05_TemperatureAndPressureChecksAreConsistent()
    {
        AssertUserError(["md", Data, "--steps", "10", "--ensemble", "nvt", "--temp", "-300"], "--temp", "got -300");
        AssertUserError(["md", Data, "--steps", "10", "--ensemble", "nvt", "--temp", "10:-500"], "--temp", "got -500");
        AssertUserError(["md", Data, "--steps", "10", "--ensemble", "npt", "--temp", "300", "--press", "nan"], "--press must be a finite pressure", "NaN");
        AssertUserError(["md", Data, "--steps", "10", "--ensemble", "langevin", "--temp", "300:-1"], "--temp");
    }

    [Fact]
    public void Defect06_AnOutputThatIsAFolderFailsBeforeTheRun()
    {
        string dir = References.TempDir("harden");
        string log = Path.Combine(dir, "thermo.csv");
        AssertUserError(["md", Data, "--steps", "100000", "--log", log, "--out", dir], "--out names an existing folder");
        Assert.False(File.Exists(log)); // nothing ran
    }

    [Fact]
    public void Defect07_NoCommandWritesOntoItsInput()
    {
        string x = Copy(Data, "X.data");
        string t = Copy(Dump, "T.dump");
        string hx = Hash(x), ht = Hash(t);
        AssertUserError(["md", x, "--steps", "10", "--dump", x], "--dump is the input file", "would destroy it");
        AssertUserError(["md", x, "--steps", "10", "--log", x], "--log is the input file");
        AssertUserError(["md", x, "--steps", "10", "--out", x], "--out is the input file");
        AssertUserError(["analyze", "msd", t, "--out", t], "--out is the input file");
        AssertUserError(["energy", x, "--forces", x], "--forces is the input file");
        AssertUserError(["quench", t, "--topology", x, "-o", x], "--output is the input --topology file");
        AssertUserError(["md", x, "--steps", "10", "--dump", Path.Combine(Path.GetDirectoryName(x)!, "a.dump"), "--log", Path.Combine(Path.GetDirectoryName(x)!, "a.dump")], "--dump and --log name the same file");
        // A symbolic link to the input is the input.
        string link = Path.Combine(Path.GetDirectoryName(x)!, "link.dump");
        File.CreateSymbolicLink(link, t);
        AssertUserError(["analyze", "msd", t, "--out", link], "--out is the input file");
        Assert.Equal(hx, Hash(x));
        Assert.Equal(ht, Hash(t));
    }

    [Fact]
    public void Defect07_SoftnessApplyRefusesToWriteOntoItsModelOrTrajectory()
    {
        var (model, traj) = Softness.TrainedModel();
        string hm = Hash(model), ht = Hash(traj);
        AssertUserError(["softness", "apply", model, traj, "-o", traj], "--output is the input file");
        AssertUserError(["softness", "apply", model, traj, "-o", model], "--output is the input file");
        Assert.Equal(hm, Hash(model));
        Assert.Equal(ht, Hash(traj));
    }

    [Fact]
    public void Defect09_ResumeWithAChangedStepCountIsRefused()
    {
        string dir = References.TempDir("harden");
        string ck = Path.Combine(dir, "run.ckpt");
        var (code, _, err) = CliRunner.Run("md", Data, "--steps", "200", "--threads", "1", "--checkpoint", ck, "--checkpoint-every", "100");
        Assert.True(code == 0, err);
        // The checkpoint at step 200 is the end of a 200-step run; asking 300 now must not stop silently at 200.
        AssertUserError(["md", Data, "--steps", "300", "--threads", "1", "--checkpoint", ck, "--resume", ck], "run of 200 steps", "300 steps are asked now");
        AssertUserError(["md", Data, "--steps", "200", "--dt", "0.5", "--threads", "1", "--checkpoint", ck, "--resume", ck], "1 fs timestep but 0.5 fs");
    }

    [Fact]
    public void Defect10_ResumeAfterTheDumpWasDeletedIsRefusedAndTouchesNothing()
    {
        string dir = References.TempDir("harden");
        string ck = Path.Combine(dir, "run.ckpt"), dump = Path.Combine(dir, "t.dump"), log = Path.Combine(dir, "t.csv");
        string[] run = ["md", Data, "--steps", "200", "--threads", "1", "--checkpoint", ck, "--checkpoint-every", "100", "--dump", dump, "--dump-every", "50", "--log", log, "--thermo", "50"];
        var (code, _, err) = CliRunner.Run(run);
        Assert.True(code == 0, err);
        File.Delete(dump);
        string logHash = Hash(log);
        AssertUserError([.. run, "--resume", ck], dump, "deleted or moved since the checkpoint");
        Assert.False(File.Exists(dump)); // no 0-byte dump left behind
        Assert.Equal(logHash, Hash(log)); // the log was not cut
    }

    [Fact]
    public void Defect11_SoftnessModelValuesAreValidated()
    {
        var (model, traj) = Softness.TrainedModel();
        string json = File.ReadAllText(model);
        string dir = References.TempDir("harden");
        string outCsv = Path.Combine(dir, "soft.csv");
        foreach (var (edit, expect) in new (Func<string, string>, string)[]
        {
            (j => Softness.ReplaceFirstArrayValue(j, "Mean", "\"NaN\""), "scaler mean 0"),
            (j => Softness.ReplaceFirstArrayValue(j, "Scale", "0"), "scaler scale 0"),
            (j => Softness.DropLastArrayValue(j, "Scale"), "scaler scales"),
            (j => Softness.ReplaceNumber(j, "MuStep", "0"), "μ step must be positive"),
            (j => Softness.ReplaceFirstArrayValue(j, "Weights", "\"Infinity\""), "model weight 0"),
        })
        {
            string bad = Path.Combine(dir, "bad.json");
            File.WriteAllText(bad, edit(json));
            Assert.NotEqual(json, File.ReadAllText(bad));
            AssertUserError(["softness", "apply", bad, traj, "-o", outCsv], bad, expect);
            Assert.False(File.Exists(outCsv));
        }
    }

    [Fact]
    public void Defect12_NebHopEndsMustBeLi()
    {
        string dir = References.TempDir("harden");
        string neb = Path.Combine(dir, "neb");
        AssertUserError(["neb", Data, "--from", "1", "--to", "2", "-o", neb], "--from: atom 1 is P", "not Li");
        Assert.False(Directory.Exists(neb)); // no empty output folder after an argument error
        int li = FirstIdOfType(Data, "Li");
        AssertUserError(["neb", Data, "--from", li.ToString(CultureInfo.InvariantCulture), "--to", "2", "-o", neb], "--to: atom 2 is", "not Li");
        AssertUserError(["neb", Data, "--from", li.ToString(CultureInfo.InvariantCulture), "--to", "999999", "-o", neb], "atom id 999999 is not in the structure");
        Assert.False(Directory.Exists(neb));
    }

    [Fact]
    public void AlsoFix_BadValuesGiveOneLineAndExit2()
    {
        string dir = References.TempDir("harden");
        string file = Path.Combine(dir, "afile.txt");
        File.WriteAllText(file, "x");
        AssertUserError(["md", Data, "--steps", "10", "--dt", "0"], "--dt must be a timestep in (0, 10] fs, got 0");
        AssertUserError(["md", Data, "--steps", "10", "--ensemble", "nvt", "--temp", "300", "--tdamp", "0"], "--tdamp must be a positive number of fs");
        AssertUserError(["md", Data, "--steps", "10", "--accuracy", "0"], "--accuracy must lie in");
        AssertUserError(["energy", Data, "--accuracy", "10"], "--accuracy must lie in", "got 10");
        AssertUserError(["md", Data, "--steps", "10", "--dump", dir], "--dump names an existing folder");
        AssertUserError(["md", Data, "--steps", "10", "--out", Path.Combine(file, "x.data")], "is a file, not a folder");
        AssertUserError(["md", Data, "--steps", "10", "--dump", Path.Combine(dir, "t.dump"), "--dump-every", "0"], "--dump-every must be ≥ 1");
        AssertUserError(["md", Data, "--steps", "10", "--checkpoint", Path.Combine(dir, "c.ckpt"), "--checkpoint-every", "0"], "--checkpoint-every must be ≥ 1");
        AssertUserError(["info", dir], "is a directory");
        AssertUserError(["paper", "--preset", "tiny", "-o", file], "--output names an existing file; give a folder");
        AssertUserError(["analyze", "msd", Dump, "--species", ""], "--species names no species");
        Assert.Equal([file], Directory.GetFiles(dir));
    }

    [Fact]
    public void AlsoFix_RunCheckValidatesTheDataFileAndValues()
    {
        string dir = References.TempDir("harden");
        string toml = Path.Combine(dir, "p.toml");
        File.WriteAllText(toml, "data = \"missing.data\"\n[[stage]]\ntype = \"nvt\"\nsteps = 5\ntemp = 300\n");
        AssertUserError(["run", toml, "--check"], Path.Combine(dir, "missing.data"), "data file not found");
        File.Copy(Data, Path.Combine(dir, "g.data"));
        File.WriteAllText(toml, "data = \"g.data\"\n[dump]\nfile = \"t.dump\"\nevery = 0\n[[stage]]\ntype = \"nvt\"\nsteps = 5\ntemp = 300\n");
        AssertUserError(["run", toml, "--check"], "'every' of [dump] must be ≥ 1");
    }

    [Fact]
    public void AlsoFix_CheckpointsCarryAChecksum()
    {
        string dir = References.TempDir("harden");
        string ck = Path.Combine(dir, "run.ckpt");
        var (code, _, err) = CliRunner.Run("md", Data, "--steps", "20", "--threads", "1", "--checkpoint", ck, "--checkpoint-every", "10");
        Assert.True(code == 0, err);
        var bytes = File.ReadAllBytes(ck);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(ck, bytes);
        AssertUserError(["md", Data, "--steps", "20", "--threads", "1", "--checkpoint", ck, "--resume", ck], ck, "SHA-256 checksum does not match");
        File.WriteAllBytes(ck, bytes[..(bytes.Length - 100)]);
        AssertUserError(["md", Data, "--steps", "20", "--threads", "1", "--resume", ck], ck, "checksum");
    }

    private static int FirstIdOfType(string data, string typeName)
    {
        var d = Vitrion.IO.Lammps.LammpsDataReader.Read(data);
        int t = Array.IndexOf(d.Topology.TypeNames.ToArray(), typeName);
        for (int i = 0; i < d.Topology.AtomCount; i++)
        {
            if (d.Topology.Types[i] == t) { return d.Topology.Ids[i]; }
        }

        throw new InvalidOperationException("no atom of type " + typeName);
    }
}

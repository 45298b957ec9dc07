using System.Globalization;
using System.Text;
using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

public class AnalyzeTransportCommandTests
{
    private const int Atoms = 40, Frames = 61, Every = 10;
    private const double L = 12.0;

    /// <summary>A LAMMPS-style dump of random walkers (types 1 = Li, 2 = S4) that cross the boundaries; returns the unwrapped truth.</summary>
    private static (string Path, double[][][] Truth) WriteDump(string dir)
    {
        var rng = new Random(42);
        var truth = new double[Frames][][];
        var cur = Enumerable.Range(0, Atoms).Select(_ => new[] { rng.NextDouble() * L, rng.NextDouble() * L, rng.NextDouble() * L }).ToArray();
        var sb = new StringBuilder();
        for (int k = 0; k < Frames; k++)
        {
            if (k > 0) { cur = cur.Select(r => r.Select(x => x + 0.4 * (rng.NextDouble() - 0.5)).ToArray()).ToArray(); }
            truth[k] = cur.Select(r => (double[])r.Clone()).ToArray();
            sb.Append(CultureInfo.InvariantCulture, $"ITEM: TIMESTEP\n{k * Every}\nITEM: NUMBER OF ATOMS\n{Atoms}\nITEM: BOX BOUNDS pp pp pp\n0 {L}\n0 {L}\n0 {L}\nITEM: ATOMS id type x y z ix iy iz\n");
            for (int i = 0; i < Atoms; i++)
            {
                var w = cur[i].Select(x => x - L * Math.Floor(x / L)).ToArray();
                var im = cur[i].Select(x => (int)Math.Floor(x / L)).ToArray();
                sb.Append(CultureInfo.InvariantCulture, $"{i + 1} {(i % 2 == 0 ? 1 : 2)} {w[0]:R} {w[1]:R} {w[2]:R} {im[0]} {im[1]} {im[2]}\n");
            }
        }

        string path = Path.Combine(dir, "walk.dump");
        File.WriteAllText(path, sb.ToString());
        return (path, truth);
    }

    private static List<double[]> ReadCsv(string path, out string header)
    {
        var lines = File.ReadAllLines(path);
        header = lines[0];
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
    }

    [Fact]
    public void MsdWindowAndOriginMatchHandCalculation()
    {
        string dir = References.TempDir("cli-msd");
        var (dump, truth) = WriteDump(dir);
        string csv = Path.Combine(dir, "msd.csv");
        var (code, _, err) = CliRunner.Run("analyze", "msd", dump, "--type-names", "Li,S4", "--species", "Li", "--com", "none", "--dt-fs", "2", "--out", csv);
        Assert.True(code == 0, err);
        var rows = ReadCsv(csv, out string header);
        Assert.StartsWith("time_fs,msd_A2", header);
        Assert.Equal(Frames, rows.Count);
        var li = Enumerable.Range(0, Atoms).Where(i => i % 2 == 0).ToArray();
        for (int m = 1; m < Frames; m += 7)
        {
            double s = 0;
            int c = 0;
            for (int k = 0; k + m < Frames; k++)
            {
                foreach (int i in li) { s += Enumerable.Range(0, 3).Sum(a => Math.Pow(truth[k + m][i][a] - truth[k][i][a], 2)); c++; }
            }

            Assert.Equal(m * Every * 2.0, rows[m][0], 9);
            Assert.Equal(s / c, rows[m][1], 1e-9 * s / c);
        }

        Assert.True(new FileInfo(Path.ChangeExtension(csv, ".png")).Length > 1000);

        // Origin mode with the group's centre of mass removed (LAMMPS compute msd com yes).
        string csv2 = Path.Combine(dir, "msd-origin.csv");
        (code, _, err) = CliRunner.Run("analyze", "msd", dump, "--type-names", "Li,S4", "--mode", "origin", "--com", "group", "--out", csv2);
        Assert.True(code == 0, err);
        var o = ReadCsv(csv2, out _);
        for (int k = 0; k < Frames; k += 6)
        {
            var com = Enumerable.Range(0, 3).Select(a => li.Average(i => truth[k][i][a] - truth[0][i][a])).ToArray();
            double expect = li.Average(i => Enumerable.Range(0, 3).Sum(a => Math.Pow(truth[k][i][a] - truth[0][i][a] - com[a], 2)));
            Assert.Equal(expect, o[k][1], 1e-9 * Math.Max(expect, 1e-12));
        }
    }

    [Fact]
    public void DiffusionArrheniusAndConductivityChain()
    {
        string dir = References.TempDir("cli-diff");
        var (dump, _) = WriteDump(dir);
        string json = Path.Combine(dir, "d.json");
        var (code, _, err) = CliRunner.Run("analyze", "diffusion", dump, "--type-names", "Li,S4", "--temperature", "600", "--out", json, "--png", Path.Combine(dir, "d.png"));
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var r = doc.RootElement;
            // Steps of uniform(−0.2, 0.2) per axis every frame (10 fs): D = 3 × 0.4²/12 / (6 × 10 fs) per axis sum = 0.000667 Å²/fs.
            double d = r.GetProperty("da2_per_fs").GetDouble(), s = r.GetProperty("sigma_da2_per_fs").GetDouble();
            Assert.True(s > 0);
            Assert.True(Math.Abs(d - 0.4 * 0.4 / 12 / (2 * 10)) < 4 * s + 1e-4, $"D {d} ± {s}");
            Assert.Equal(20, r.GetProperty("carriers").GetInt32());
            Assert.True(r.GetProperty("conductivity_s_per_cm").GetDouble() > 0);
            Assert.Equal("bootstrap over atoms", r.GetProperty("uncertainty").GetString());
        }

        string cjson = Path.Combine(dir, "c.json");
        (code, _, err) = CliRunner.Run("analyze", "conductivity", "--diffusion", json, "--temperature", "600", "--out", cjson, "--png", Path.Combine(dir, "c.png"));
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(File.ReadAllText(cjson)))
        {
            var r = doc.RootElement;
            double d = r.GetProperty("d_cm2_per_s").GetDouble();
            double c = 20 / 6.02214076e23 / (L * L * L * 1e-24);
            Assert.Equal(96485.33212 * 96485.33212 * c * d / (8.314462618 * 600), r.GetProperty("conductivity_s_per_cm").GetDouble(), 1e-8 * r.GetProperty("conductivity_s_per_cm").GetDouble());
        }

        Assert.True(new FileInfo(Path.Combine(dir, "c.png")).Length > 1000);

        // Arrhenius from a table of exact points: Ea as constructed.
        string table = Path.Combine(dir, "t.csv");
        double ea = 0.35;
        var lines = new List<string> { "temperature_K,D_cm2_per_s,sigma_D_cm2_per_s" };
        foreach (double t in new[] { 500.0, 600, 700, 800 })
        {
            double dd = 1e-3 * Math.Exp(-ea / (8.617333262e-5 * t));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{t},{dd:R},{0.05 * dd:R}"));
        }

        File.WriteAllLines(table, lines);
        string ajson = Path.Combine(dir, "a.json");
        (code, _, err) = CliRunner.Run("analyze", "arrhenius", "--table", table, "--carriers", "2580", "--volume-a3", "180000", "--out", ajson, "--png", Path.Combine(dir, "a.png"));
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(File.ReadAllText(ajson)))
        {
            var r = doc.RootElement;
            Assert.Equal(ea, r.GetProperty("ea_ev").GetDouble(), 9);
            Assert.Equal(1e-3 * Math.Exp(-ea / (8.617333262e-5 * 300)), r.GetProperty("d_at_extrapolation_cm2_per_s").GetDouble(), 1e-15);
            Assert.True(r.GetProperty("sigma_ea_ev").GetDouble() > 0);
            Assert.True(r.GetProperty("conductivity_at_extrapolation_s_per_cm").GetDouble() > 0);
        }

        Assert.True(new FileInfo(Path.Combine(dir, "a.png")).Length > 1000);
        Assert.True(new FileInfo(Path.Combine(dir, "a-conductivity.png")).Length > 1000);
    }

    [Fact]
    public void D2minDcumAndTraceWriteOneRowPerAtom()
    {
        string dir = References.TempDir("cli-d2min");
        var (dump, _) = WriteDump(dir);
        string csv = Path.Combine(dir, "d2.csv");
        var (code, _, err) = CliRunner.Run("analyze", "d2min", dump, "--type-names", "Li,S4", "--interval-fs", "100", "--window-fs", "0", "--start-fs", "100", "--cutoff", "6", "--out", csv);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("id,type,d2min_A2,neighbors", lines[0]);
        Assert.Equal(Atoms / 2, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Equal("Li", l.Split(',')[1]));

        string dcum = Path.Combine(dir, "dcum.csv");
        (code, _, err) = CliRunner.Run("analyze", "d2min", dump, "--type-names", "Li,S4", "--interval-fs", "50", "--window-fs", "200", "--windows", "2", "--cutoff", "6", "--out", dcum);
        Assert.True(code == 0, err);
        var dl = File.ReadAllLines(dcum);
        Assert.Equal("id,type,dcum_A2_w0,dcum_A2_w1", dl[0]);
        Assert.Equal(Atoms / 2, dl.Length - 1);

        string trace = Path.Combine(dir, "trace.csv");
        (code, var traceJson, err) = CliRunner.Run("analyze", "trace", dump, "--type-names", "Li,S4", "--window-fs", "300", "--slab-a", "0", "--out", trace);
        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(traceJson)) // the TraceRecord: every Li traced over 31 frames (300 fs every 10 fs)
        {
            Assert.Equal(Atoms / 2, doc.RootElement.GetProperty("traces").GetInt32());
            Assert.Equal(31, doc.RootElement.GetProperty("frames").GetInt32());
            Assert.Equal(Atoms / 2, doc.RootElement.GetProperty("by_anion").GetProperty("PS4").GetInt32());
        }

        var tl = File.ReadAllLines(trace);
        Assert.Equal("id,anion,time_fs,x_A,y_A,z_A", tl[0]);
        Assert.Equal(Atoms / 2 * 31, tl.Length - 1);
        Assert.All(tl.Skip(1), l => Assert.Equal("PS4", l.Split(',')[1]));
        Assert.True(new FileInfo(Path.ChangeExtension(trace, ".png")).Length > 1000);

        // Bad input: a one-line error, exit code 2.
        (code, _, err) = CliRunner.Run("analyze", "msd", dump, "--type-names", "Li,S4", "--species", "Na");
        Assert.Equal(2, code);
        Assert.Contains("no atom matches species Na", err);
        (code, _, err) = CliRunner.Run("analyze", "d2min", dump, "--type-names", "Li,S4", "--interval-fs", "35", "--window-fs", "0");
        Assert.Equal(2, code);
        Assert.Contains("interval", err);
    }

    [Fact]
    public void DiffusionOfAnMsdTableFeedsArrhenius()
    {
        // MSD = 6 D t exactly (log–log slope 1 everywhere): D(T) = D0 exp(−Ea/kB T) with D0 = 1e-3 Å²/fs, Ea = 0.2 eV.
        string dir = References.TempDir("cli-msdcsv");
        const double ea = 0.2, kb = 8.617333262e-5;
        var specs = new List<string>();
        foreach (double t in new[] { 500.0, 800 })
        {
            double d = 1e-3 * Math.Exp(-ea / (kb * t));
            string csv = Path.Combine(dir, FormattableString.Invariant($"msd{t}.csv")), json = Path.ChangeExtension(csv, ".json");
            File.WriteAllLines(csv, new[] { "time_fs,msd_A2" }.Concat(Enumerable.Range(1, 50).Select(k => FormattableString.Invariant($"{10.0 * k:R},{6 * d * 10.0 * k:R}"))));
            var (code, _, err) = CliRunner.Run("analyze", "diffusion", csv, "--out", json);
            Assert.True(code == 0, err);
            using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
            {
                var r = doc.RootElement;
                Assert.Equal(d, r.GetProperty("da2_per_fs").GetDouble(), 1e-12 * d);
                Assert.Equal(d * 0.1, r.GetProperty("d_cm2_per_s").GetDouble(), 1e-12 * d); // 1 Å²/fs = 1e-16 cm² / 1e-15 s = 0.1 cm²/s
                Assert.Equal(JsonValueKind.Null, r.GetProperty("carriers").ValueKind); // a table has no atoms
                Assert.Equal("standard error of the fitted slope", r.GetProperty("uncertainty").GetString());
            }

            specs.Add(FormattableString.Invariant($"{t}={json}"));
        }

        var (c2, stdout, e2) = CliRunner.Run(["analyze", "arrhenius", "--msd", .. specs]);
        Assert.True(c2 == 0, e2);
        using var a = JsonDocument.Parse(stdout);
        Assert.Equal(ea, a.RootElement.GetProperty("ea_ev").GetDouble(), 9);
        Assert.Equal(Math.Log(1e-4), a.RootElement.GetProperty("ln_d0").GetDouble(), 9);

        // A temperature needs the atoms of a trajectory: refused for a table, naming the fix.
        var (c3, _, e3) = CliRunner.Run("analyze", "diffusion", Path.Combine(dir, "msd500.csv"), "--temperature", "500");
        Assert.Equal(2, c3);
        Assert.Contains("analyze conductivity", e3);
    }
}

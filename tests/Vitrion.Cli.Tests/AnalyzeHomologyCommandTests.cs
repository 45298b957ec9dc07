using System.Globalization;
using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

/// <summary><c>analyze homology</c> and <c>analyze rings</c> print the task records (HomologyRecord, RingsRecord).</summary>
public sealed class AnalyzeHomologyCommandTests
{
    /// <summary>
    /// Six S on a regular hexagon of side 2 Å in a 30 Å box. By hand: the Rips complex joins neighbours at 2 Å (one loop
    /// is born, five H0 bars die), second neighbours at 2√3 Å, when the triangles (i, i+1, i+2) and (0, 2, 4) fill the
    /// hexagon (the loop dies); opposite atoms at 4 Å. So H0 has 6 bars (1 essential), H1 one bar [2, 2√3], and the ring
    /// of that bar has 6 atoms; 6 points, C(6,2) = 15 edges below the 4.5 Å cutoff.
    /// </summary>
    [Fact]
    public void AHexagonHasOneLoopOfSixAtoms()
    {
        string dir = References.TempDir("cli-homology");
        string xyz = Path.Combine(dir, "hexagon.xyz");
        var lines = new List<string> { "6", "Lattice=\"30 0 0 0 30 0 0 0 30\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"" };
        for (int k = 0; k < 6; k++)
        {
            double a = k * Math.PI / 3;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"S {15 + 2 * Math.Cos(a):R} {15 + 2 * Math.Sin(a):R} 15"));
        }

        File.WriteAllLines(xyz, lines);
        var (code, stdout, err) = CliRunner.Run("analyze", "homology", xyz, "--species", "S", "--out", Path.Combine(dir, "h"), "--json");
        Assert.True(code == 0, err);
        var h = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(6, h.GetProperty("points").GetInt32());
        Assert.Equal(15, h.GetProperty("edges").GetInt32());
        Assert.Equal(6, h.GetProperty("h0_pairs").GetInt32());
        Assert.Equal(1, h.GetProperty("h1_pairs").GetInt32());
        Assert.Equal(0, h.GetProperty("h1_essential").GetInt32());
        Assert.Equal(4.5, h.GetProperty("cutoff_a").GetDouble());
        string[] bar = File.ReadAllLines(Path.Combine(dir, "h", "diagram_h1.csv"))[2].Split(',');
        Assert.Equal(2.0, double.Parse(bar[1], CultureInfo.InvariantCulture), 9);
        Assert.Equal(2 * Math.Sqrt(3), double.Parse(bar[2], CultureInfo.InvariantCulture), 9);

        (code, stdout, err) = CliRunner.Run("analyze", "rings", xyz, "--species", "S", "--out", Path.Combine(dir, "r"), "--json");
        Assert.True(code == 0, err);
        var r = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(1, r.GetProperty("rings").GetInt32());
        var size = Assert.Single(r.GetProperty("sizes").EnumerateArray());
        Assert.Equal(6, size.GetProperty("size").GetInt32());
        Assert.Equal(1, size.GetProperty("count").GetInt32());
        Assert.Equal(stdout.Trim(), File.ReadAllText(Path.Combine(dir, "r", "rings.json")).Trim()); // the printed record is the file's

        // A bad setting is refused before the output folder is made.
        (code, _, err) = CliRunner.Run("analyze", "homology", xyz, "--max-dim", "2", "--out", Path.Combine(dir, "bad"));
        Assert.Equal(2, code);
        Assert.Contains("--max-dim", err);
        Assert.False(Directory.Exists(Path.Combine(dir, "bad")));
    }
}

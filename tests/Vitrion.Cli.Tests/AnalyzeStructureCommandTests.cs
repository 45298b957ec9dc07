using System.Globalization;
using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

public class AnalyzeStructureCommandTests
{
    [Fact]
    public void ClustersJsonHasTheReferenceCounts()
    {
        var (code, stdout, err) = CliRunner.Run("analyze", "clusters", References.ReferenceGlass, "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(201, root.GetProperty("ps4").GetInt32());
        Assert.Equal(413, root.GetProperty("p2s7").GetInt32());
        Assert.Equal(91, root.GetProperty("p2s6").GetInt32());
        Assert.Equal(0, root.GetProperty("s").GetInt32());
        Assert.Equal(0, root.GetProperty("other").GetInt32());
        Assert.Equal(826.0 / 1209, root.GetProperty("share_of_p").GetProperty("p2s7").GetDouble(), 9);
        Assert.Equal("topology", root.GetProperty("method").GetString());
        // The geometric census is compared automatically and agrees atom by atom.
        Assert.Equal(0, root.GetProperty("comparison").GetProperty("atoms_classified_differently").GetInt32());
    }

    [Fact]
    public void VoronoiCsvHasOneRowPerAtomAndFillsTheBox()
    {
        string dir = References.TempDir("cli-voro");
        string csv = Path.Combine(dir, "vol.csv");
        var (code, _, err) = CliRunner.Run("analyze", "voronoi", References.ReferenceGlass, "--out", csv);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("id,volume", lines[0]);
        Assert.Equal(8069, lines.Length - 1);
        double sum = lines.Skip(1).Sum(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture));
        double l = 5.5783453685310214e+01 + 7.5967513371196560e-01;
        Assert.Equal(1.0, sum / (l * l * l), 9);
        Assert.True(new FileInfo(Path.ChangeExtension(csv, ".png")).Length > 1000);

        // --radical --json: the VoronoiRecord of the Laguerre cells, which fill the same box.
        var (rc, stdout, rerr) = CliRunner.Run("analyze", "voronoi", References.ReferenceGlass, "--radical", "Li=0.76,P=0.38,S=1.84", "--json");
        Assert.True(rc == 0, rerr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("radical").GetBoolean());
        Assert.Equal(8069, doc.RootElement.GetProperty("cells").GetInt32());
        Assert.Equal(l * l * l, doc.RootElement.GetProperty("box_volume_a3").GetDouble(), 1e-9 * l * l * l);
        Assert.Equal(1.0, doc.RootElement.GetProperty("sum_volume_a3").GetDouble() / (l * l * l), 9);
    }

    [Fact]
    public void RdfWritesCsvAndPngWithRequestedBins()
    {
        string dir = References.TempDir("cli-rdf");
        var (code, stdout, err) = CliRunner.Run("analyze", "rdf", References.ReferenceGlass, "--pairs", "Li-S,P-S,Li-S@PS4", "--rmax", "8", "--bins", "160", "--out", dir, "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var pairs = doc.RootElement.GetProperty("pairs");
        Assert.Equal(3, pairs.GetArrayLength());
        // P-S first peak near the P-S bond length (2.05-2.1 Å).
        Assert.InRange(pairs[1].GetProperty("first_peak_ra").GetDouble(), 1.95, 2.2);
        var lines = File.ReadAllLines(Path.Combine(dir, "rdf.csv"));
        Assert.Equal("r_A,g_Li-S,n_Li-S,g_P-S,n_P-S,g_Li-S@PS4,n_Li-S@PS4", lines[0]);
        Assert.Equal(161, lines.Length);
        Assert.True(File.Exists(Path.Combine(dir, "rdf.png")));
    }

    [Fact]
    public void SqReportsTheFsdp()
    {
        string dir = References.TempDir("cli-sq");
        var (code, stdout, err) = CliRunner.Run("analyze", "sq", References.ReferenceGlass, "--qmax", "4", "--dq", "0.02", "--dr", "0.02", "--out", dir, "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var fsdp = doc.RootElement.GetProperty("fsdp_neutron");
        Assert.InRange(fsdp.GetProperty("q0_inv_a").GetDouble(), 1.0, 1.4);
        Assert.Equal("Faber-Ziman", doc.RootElement.GetProperty("convention").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "sq.png")));
    }

    [Fact]
    public void BadInputGivesAOneLineError()
    {
        var (code, _, err) = CliRunner.Run("analyze", "rdf", References.ReferenceGlass, "--pairs", "Li-Xx");
        Assert.Equal(2, code);
        Assert.Contains("Xx", err);
        Assert.DoesNotContain("   at ", err);
        (code, _, err) = CliRunner.Run("analyze", "clusters", References.ReferenceGlass, "--frames", "a:b");
        Assert.Equal(2, code);
    }
}

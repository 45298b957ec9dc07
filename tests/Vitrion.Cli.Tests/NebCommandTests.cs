using System.Globalization;
using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

public sealed class NebCommandTests : IDisposable
{
    private readonly string _dir = References.TempDir("vitrion-cli-neb");

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>A 16-atom Li3PS4 packing (2 PS4 + 6 Li): tiny, so a whole NEB runs in seconds.</summary>
    private string TinyGlass()
    {
        var (code, _, err) = CliRunner.Run("build", "--anions", "PS4=2", "--seed", "3", "-o", P("tiny.data"));
        Assert.True(code == 0, err);
        return P("tiny.data");
    }

    [Fact]
    public void Neb_hop_writes_images_profile_and_consistent_barriers()
    {
        string data = TinyGlass();
        var frame = Vitrion.IO.StructureFile.ReadFrame(data);
        var li = Enumerable.Range(0, frame.Ids.Length).Where(i => frame.TypeNames[frame.Types[i]] == "Li").Select(i => frame.Ids[i]).ToArray();
        string outDir = P("neb");
        var (code, stdout, stderr) = CliRunner.Run("neb", data, "--from", li[0].ToString(CultureInfo.InvariantCulture), "--to", li[1].ToString(CultureInfo.InvariantCulture),
            "--images", "5", "--fmax", "0.5", "--relax-fmax", "0.1", "--kspace", "none", "--threads", "1", "-o", outDir);
        Assert.True(code is 0 or 2, stderr + stdout);
        Assert.Contains("forward barrier", stdout);
        foreach (var f in new[] { "images.dump", "profile.csv", "profile.png", "initial.data", "final.data", "summary.json" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var r = doc.RootElement;
        double e0 = r.GetProperty("initial_energy_kcal").GetDouble(), e1 = r.GetProperty("final_energy_kcal").GetDouble();
        Assert.Equal(e1 - e0, r.GetProperty("barrier_forward_kcal").GetDouble() - r.GetProperty("barrier_backward_kcal").GetDouble(), 8);
        Assert.Equal(5, Vitrion.IO.StructureFile.ReadFrames(Path.Combine(outDir, "images.dump")).Count());

        // The end-state energies equal `vitrion energy` on the written relaxed end states.
        foreach (var (file, expected) in new[] { ("initial.data", e0), ("final.data", e1) })
        {
            var (c2, o2, e2) = CliRunner.Run("energy", Path.Combine(outDir, file), "--kspace", "none", "--json");
            Assert.True(c2 == 0, e2);
            using var ej = JsonDocument.Parse(o2);
            Assert.Equal(expected, ej.RootElement.GetProperty("pe_kcal_per_mol").GetDouble(), 6);
        }
    }

    [Fact]
    public void Neb_with_unknown_id_is_a_one_line_error()
    {
        string data = TinyGlass();
        var frame = Vitrion.IO.StructureFile.ReadFrame(data);
        int li = Enumerable.Range(0, frame.Ids.Length).Where(i => frame.TypeNames[frame.Types[i]] == "Li").Select(i => frame.Ids[i]).First();
        var (code, _, stderr) = CliRunner.Run("neb", data, "--from", li.ToString(CultureInfo.InvariantCulture), "--to", "99999", "--kspace", "none", "-o", P("x"));
        Assert.Equal(2, code);
        Assert.Contains("--to: atom id 99999 is not in the structure", stderr);
        Assert.False(Directory.Exists(P("x")));
    }

    [Fact]
    public void Help_lists_batch_subcommand_and_units()
    {
        var (_, stdout, _) = CliRunner.Run("neb", "--help");
        Assert.Contains("batch", stdout);
        Assert.Contains("kcal/mol/Å", stdout);
    }
}

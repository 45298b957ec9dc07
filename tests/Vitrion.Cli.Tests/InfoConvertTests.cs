using System.Globalization;
using System.Text.Json;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

public sealed class InfoConvertTests : IDisposable
{
    private readonly string _dir = References.TempDir("vitrion-cli-io");

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void InfoJsonOnReferenceGlass()
    {
        var (code, stdout, stderr) = CliRunner.Run("info", References.ReferenceGlass, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal(8069, r.GetProperty("atoms").GetInt32());
        Assert.Equal(4745, r.GetProperty("bonds").GetInt32());
        Assert.Equal(7667, r.GetProperty("angles").GetInt32());
        Assert.Equal(3297, r.GetProperty("dihedrals").GetInt32());
        Assert.Equal(2619, r.GetProperty("types").GetProperty("Li").GetInt32());
        Assert.Equal(1.7601, Math.Round(r.GetProperty("density").GetDouble(), 4));

        // Independent numbers: the box from the file header, the mass from the Masses section and the atom counts.
        double lo = -7.5967513371196560e-01, hi = 5.5783453685310214e+01;
        Assert.Equal(Math.Pow(hi - lo, 3), r.GetProperty("volume").GetDouble(), 1e-6);
        Assert.Equal(hi - lo, r.GetProperty("box").GetProperty("lx").GetDouble(), 1e-12);
        Assert.Equal(0.0, r.GetProperty("charge").GetDouble(), 1e-6);
        var types = r.GetProperty("types").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(8069, types.Values.Sum());
        Assert.Equal(8, types.Count);
        Assert.Equal(1, r.GetProperty("frames").GetInt32());
    }

    [Fact]
    public void InfoTextAndHelp()
    {
        var (code, stdout, _) = CliRunner.Run("info", References.ReferenceGlass);
        Assert.Equal(0, code);
        Assert.Contains("8069", stdout, StringComparison.Ordinal);
        Assert.Contains("1.7601 g/cm³", stdout, StringComparison.Ordinal);
        Assert.Contains("Li", stdout, StringComparison.Ordinal);
        var help = CliRunner.Run("info", "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("--type-names", help.Out, StringComparison.Ordinal);
        Assert.Contains("g/cm³", help.Out, StringComparison.Ordinal);
        var chelp = CliRunner.Run("convert", "--help");
        Assert.Equal(0, chelp.Code);
        Assert.Contains("--topology", chelp.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvertBetweenAllFormatsKeepsTheNumbers()
    {
        var data = LammpsDataReader.Read(References.ReferenceGlass);
        string xyz = P("g.xyz"), dump = P("g.dump"), back = P("back.data"), fromDump = P("fromdump.data"), atomic = P("atomic.data");

        Assert.Equal(0, CliRunner.Run("convert", References.ReferenceGlass, xyz).Code);
        Assert.Equal(0, CliRunner.Run("convert", xyz, dump).Code);
        var (code, _, err) = CliRunner.Run("convert", dump, fromDump, "--topology", References.ReferenceGlass);
        Assert.True(code == 0, err);
        Assert.Equal(0, CliRunner.Run("convert", References.ReferenceGlass, back).Code);

        foreach (string path in new[] { back, fromDump })
        {
            var d = LammpsDataReader.Read(path);
            Assert.Equal("full", d.AtomStyle);
            Assert.Equal(data.Positions, d.Positions);
            Assert.Equal(data.Images, d.Images);
            Assert.Equal(data.Velocities, d.Velocities);
            Assert.Equal(data.Box, d.Box);
            Assert.Equal(data.Topology.Charges, d.Topology.Charges);
            Assert.Equal(data.Topology.Bonds, d.Topology.Bonds);
            Assert.Equal(data.Topology.Dihedrals, d.Topology.Dihedrals);
            Assert.Equal(data.Topology.TypeNames, d.Topology.TypeNames);
            Assert.Equal(data.CoefficientSections.Length, d.CoefficientSections.Length);
        }

        // Without a topology the data file is atomic, with masses from the type names.
        Assert.Equal(0, CliRunner.Run("convert", dump, atomic, "--type-names", "P2,S2,Pa,S1,Sc,P4,S4,Li").Code);
        var a = LammpsDataReader.Read(atomic);
        Assert.Equal("atomic", a.AtomStyle);
        Assert.Equal(data.Topology.TypeMasses, a.Topology.TypeMasses);
        Assert.Equal(data.Positions, a.Positions);

        // The dump info sees the same composition; density from the type names.
        var (c2, o2, e2) = CliRunner.Run("info", dump, "--json", "--type-names", "P2,S2,Pa,S1,Sc,P4,S4,Li");
        Assert.True(c2 == 0, e2);
        using var doc = JsonDocument.Parse(o2);
        Assert.Equal(2619, doc.RootElement.GetProperty("types").GetProperty("Li").GetInt32());
        Assert.Equal(1.7601, Math.Round(doc.RootElement.GetProperty("density").GetDouble(), 4));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("bonds").ValueKind);
    }

    [Fact]
    public void ConvertPicksFramesAndColumns()
    {
        var frame = LammpsDataReader.Read(References.ReferenceGlass).ToFrame();
        string dump = P("three.dump");
        using (var w = new LammpsDumpWriter(dump, ["id", "type", "x", "y", "z", "ix", "iy", "iz"]))
        {
            for (int s = 0; s < 3; s++)
            {
                w.Write(new Frame(frame.Box, frame.Positions.Select(p => p + new Vec3(0.01 * s, 0, 0)).ToArray(), frame.Ids.ToArray(), frame.Types.ToArray(), frame.TypeNames) { Step = 100 * s, Images = frame.Images });
            }
        }

        string one = P("one.xyz");
        var (code, _, err) = CliRunner.Run("convert", dump, one, "--frame", "-2");
        Assert.True(code == 0, err);
        var f = StructureFile.ReadFrames(one).Single();
        Assert.Equal(100, f.Step);
        Assert.Equal(frame.Positions[5].X + 0.01, f.Positions[5].X);

        string cols = P("cols.lammpstrj");
        Assert.Equal(0, CliRunner.Run("convert", dump, cols, "--columns", "id,type,xu,yu,zu").Code);
        var header = File.ReadLines(cols).First(l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal));
        Assert.Equal("ITEM: ATOMS id type xu yu zu", header);
        Assert.Equal(3, StructureFile.ReadFrames(cols).Count());

        var bad = CliRunner.Run("convert", dump, P("x.dump"), "--columns", "id,type,x,y,z,vx");
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("velocities", bad.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("badbond")]
    [InlineData("text")]
    [InlineData("type")]
    [InlineData("missing")]
    public void MalformedInputGivesOneLineErrorAndNonZeroExit(string kind)
    {
        var lines = File.ReadAllLines(References.ReferenceGlass).ToList();
        int atoms = lines.FindIndex(l => l.StartsWith("Atoms", StringComparison.Ordinal));
        int bonds = lines.FindIndex(l => l.StartsWith("Bonds", StringComparison.Ordinal));
        int expectedLine;
        switch (kind)
        {
            case "truncated":
                lines = lines.Take(atoms + 50).ToList();
                expectedLine = atoms + 50;
                break;
            case "badbond":
                lines[bonds + 2] = "1 2 2133 77777";
                expectedLine = bonds + 3;
                break;
            case "text":
                lines[atoms + 2] = lines[atoms + 2].Replace(" 0 1 0", " 0 one 0", StringComparison.Ordinal);
                expectedLine = atoms + 3;
                break;
            case "type":
                var tok = lines[atoms + 2].Split(' ');
                tok[2] = "12";
                lines[atoms + 2] = string.Join(' ', tok);
                expectedLine = atoms + 3;
                break;
            default:
                expectedLine = 0;
                break;
        }

        string path = P(kind + ".data");
        if (kind != "missing") { File.WriteAllLines(path, lines); }
        foreach (var args in new[] { new[] { "info", path }, new[] { "convert", path, P("out.xyz") } })
        {
            var (code, stdout, stderr) = CliRunner.Run(args);
            Assert.NotEqual(0, code);
            Assert.Equal(string.Empty, stdout);
            string msg = stderr.TrimEnd('\n');
            Assert.DoesNotContain('\n', msg); // one line, no stack trace
            Assert.DoesNotContain("   at ", msg, StringComparison.Ordinal);
            Assert.StartsWith("vitrion: error: " + path + (expectedLine > 0 ? ":" + expectedLine.ToString(CultureInfo.InvariantCulture) + ": " : ": "), msg, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(P("out.xyz")));
    }
}

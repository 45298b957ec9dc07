using System.Globalization;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issue #20: the glass of the report's 3D view is written as extended XYZ with per-atom softness, anion class and
/// Dcum; ASE (Debian's python3-ase, /usr/bin/python3) reads it with those columns intact.
/// </summary>
[Collection(TinyPaperCollection.Name)]
public sealed class PaperGlassXyzTests(TinyPaperFixture run)
{
    private string Xyz => Path.Combine(run.OutDir, "figures", "glass-p2s6-05.xyz");

    [Fact]
    public void GlassXyz_HoldsTheSoftnessOfTheRun_AnionClasses_AndDcum()
    {
        run.RequireSuccess();
        Assert.True(File.Exists(Xyz), "figures/glass-p2s6-05.xyz missing");
        var lines = File.ReadAllLines(Xyz);
        int n = int.Parse(lines[0], CultureInfo.InvariantCulture);
        Assert.Equal(n + 2, lines.Length);
        Assert.Contains("Properties=species:S:1:pos:R:3:id:I:1:softness:R:1:anion_class:I:1:dcum:R:1", lines[1], StringComparison.Ordinal);

        // Softness of frame 0 from softness.csv, by atom id.
        var soft = File.ReadLines(Path.Combine(run.OutDir, "p2s6-05", "softness.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[0] == "0").ToDictionary(c => int.Parse(c[2], CultureInfo.InvariantCulture), c => double.Parse(c[3], CultureInfo.InvariantCulture));
        int li = 0, dcumFinite = 0;
        var classes = new HashSet<int>();
        foreach (var line in lines.Skip(2))
        {
            var c = line.Split(' ');
            int id = int.Parse(c[4], CultureInfo.InvariantCulture);
            double s = double.Parse(c[5], CultureInfo.InvariantCulture);
            int cls = int.Parse(c[6], CultureInfo.InvariantCulture);
            double dcum = double.Parse(c[7], CultureInfo.InvariantCulture);
            Assert.InRange(cls, 0, 3);
            if (c[0] == "Li")
            {
                li++;
                Assert.Equal(soft[id], s);
                Assert.InRange(cls, 1, 3);
                if (double.IsFinite(dcum)) { dcumFinite++; Assert.True(dcum >= 0, $"negative Dcum {dcum}"); }
            }
            else
            {
                Assert.True(double.IsNaN(s), $"softness on {c[0]} atom {id}");
                Assert.True(double.IsNaN(dcum));
                if (c[0] == "P" || c[0] == "S") { classes.Add(cls); }
            }
        }

        Assert.Equal(soft.Count, li);
        Assert.True(dcumFinite > li / 2, $"Dcum finite for only {dcumFinite} of {li} Li");

        // The anion classes of P and S agree with the census of the prepared glass: both compositions hold all three anions.
        Assert.Equal(new HashSet<int> { 1, 2, 3 }, classes);
        var data = LammpsDataReader.Read(Path.Combine(run.OutDir, "p2s6-05", "prepared.data"));
        Assert.Equal(data.Topology.AtomCount, n);
    }

    [Fact]
    public void GlassXyz_IsReadByAse_WithTheColumnsIntact()
    {
        run.RequireSuccess();
        string py = References.RequirePythonModules("apt-get install python3-ase", "ase", "numpy");
        string script = Path.Combine(References.TempDir("vitrion-ase"), "read.py");
        File.WriteAllText(script, """
            import sys, math
            from ase.io import read
            a = read(sys.argv[1], format='extxyz')
            s, c, d = a.arrays['softness'], a.arrays['anion_class'], a.arrays['dcum']
            li = [i for i, x in enumerate(a.get_chemical_symbols()) if x == 'Li']
            print('natoms', len(a))
            print('pbc', ''.join('T' if p else 'F' for p in a.pbc))
            print('cell', ' '.join(repr(float(x)) for x in a.cell.lengths()))
            print('dtype', s.dtype.kind, c.dtype.kind, d.dtype.kind)
            print('li', len(li), 'finite_softness', sum(1 for i in li if math.isfinite(s[i])), 'nan_other', sum(1 for i in range(len(a)) if i not in set(li) and math.isnan(s[i])))
            for i in range(len(a)):
                print('atom', int(a.arrays['id'][i]), a.get_chemical_symbols()[i], repr(float(s[i])), int(c[i]), repr(float(d[i])))
            """);
        var (code, so, se) = References.Run(py, $"\"{script}\" \"{Xyz}\"", null, 120);
        Assert.True(code == 0, $"ASE could not read {Xyz}: {se}");
        var outLines = so.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ours = File.ReadAllLines(Xyz);
        int n = int.Parse(ours[0], CultureInfo.InvariantCulture);
        Assert.Contains($"natoms {n}", outLines);
        Assert.Contains("pbc TTT", outLines);
        Assert.Contains("dtype f i f", outLines);

        // Every atom's columns come back as written (doubles round-trip exactly).
        var atoms = outLines.Where(l => l.StartsWith("atom ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(n, atoms.Count);
        for (int i = 0; i < n; i++)
        {
            var c = ours[i + 2].Split(' ');
            var a = atoms[i];
            Assert.Equal(c[4], a[1]);
            Assert.Equal(c[0], a[2]);
            Assert.Equal(double.Parse(c[5], CultureInfo.InvariantCulture), ParsePy(a[3]));
            Assert.Equal(c[6], a[4]);
            Assert.Equal(double.Parse(c[7], CultureInfo.InvariantCulture), ParsePy(a[5]));
        }

        var cell = outLines.Single(l => l.StartsWith("cell ", StringComparison.Ordinal)).Split(' ').Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var data = LammpsDataReader.Read(Path.Combine(run.OutDir, "p2s6-05", "prepared.data"));
        // The production runs are NVT on the prepared glass, so the cell is its box.
        Assert.Equal(data.Box.Lx, cell[0], 9);
        Assert.Equal(data.Box.Ly, cell[1], 9);
        Assert.Equal(data.Box.Lz, cell[2], 9);
    }

    private static double ParsePy(string s) => s == "nan" ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
}

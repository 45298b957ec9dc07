using System.Globalization;
using Vitrion.Core;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.IO.Tests.Lammps;

public class LammpsDataWriterTests
{
    private static void AssertSameData(LammpsData a, LammpsData b)
    {
        Assert.Equal(a.Header, b.Header);
        Assert.Equal(a.AtomStyle, b.AtomStyle);
        Assert.Equal(a.Box, b.Box);
        Assert.Equal(a.Positions, b.Positions);
        Assert.Equal(a.Images, b.Images);
        Assert.Equal(a.Velocities, b.Velocities);
        var ta = a.Topology;
        var tb = b.Topology;
        Assert.Equal(ta.TypeNames, tb.TypeNames);
        Assert.Equal(ta.TypeMasses, tb.TypeMasses);
        Assert.Equal(ta.Types, tb.Types);
        Assert.Equal(ta.Charges, tb.Charges);
        Assert.Equal(ta.Ids, tb.Ids);
        Assert.Equal(ta.MoleculeIds, tb.MoleculeIds);
        Assert.Equal(ta.Bonds, tb.Bonds);
        Assert.Equal(ta.Angles, tb.Angles);
        Assert.Equal(ta.Dihedrals, tb.Dihedrals);
        Assert.Equal(a.CoefficientSections.Length, b.CoefficientSections.Length);
        for (int k = 0; k < a.CoefficientSections.Length; k++)
        {
            Assert.Equal(a.CoefficientSections[k].Header, b.CoefficientSections[k].Header);
            Assert.Equal(a.CoefficientSections[k].Lines, b.CoefficientSections[k].Lines);
        }

        Assert.Equal(a.BondTypes, b.BondTypes);
        Assert.Equal(a.AngleTypes, b.AngleTypes);
        Assert.Equal(a.DihedralTypes, b.DihedralTypes);
    }

    [Fact]
    public void ReferenceGlassWriteReadReproducesEveryNumber()
    {
        var original = LammpsDataReader.Read(References.ReferenceGlass);
        string dir = References.TempDir();
        string path = Path.Combine(dir, "glass.data");
        LammpsDataWriter.Write(path, original);
        var back = LammpsDataReader.Read(path);
        AssertSameData(original, back);
        Assert.Equal(TypeNameSource.File, back.TypeNameSource); // the names went out as Masses comments

        // Independent check on the text: the file's first atom line and the written line carry the same numbers.
        var srcLine = File.ReadLines(References.ReferenceGlass).SkipWhile(l => !l.StartsWith("Atoms", StringComparison.Ordinal)).Skip(2).First();
        var tok = srcLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int id = int.Parse(tok[0], CultureInfo.InvariantCulture);
        int i = back.Topology.IndexOfId(id);
        Assert.Equal(double.Parse(tok[3], CultureInfo.InvariantCulture), back.Topology.Charges[i]);
        Assert.Equal(double.Parse(tok[4], CultureInfo.InvariantCulture), back.Positions[i].X);
        Assert.Equal(double.Parse(tok[6], CultureInfo.InvariantCulture), back.Positions[i].Z);
        Assert.Equal(int.Parse(tok[8], CultureInfo.InvariantCulture), back.Images[i].Y);

        // Writing again gives the identical file.
        string path2 = Path.Combine(dir, "glass2.data");
        LammpsDataWriter.Write(path2, back);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(path2));
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void AtomicStyleTriclinicRoundTripIsExact(int seed, bool triclinic)
    {
        var f = RandomFrames.Make(seed, 300, triclinic);
        var data = LammpsData.FromFrame(f);
        Assert.Equal("atomic", data.AtomStyle);
        string dir = References.TempDir();
        string path = Path.Combine(dir, "x.data");
        LammpsDataWriter.Write(path, data);
        var back = LammpsDataReader.Read(path);
        Assert.Equal("atomic", back.AtomStyle);
        AssertSameData(data with { TypeNameSource = back.TypeNameSource }, back);
        Assert.Equal(f.Box, back.Box);
        Assert.Equal(f.Positions, back.Positions);
        Assert.Equal(6.941, back.Topology.TypeMasses[0]);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void UnknownTypeHasNoMassForAtomicData()
    {
        var f = RandomFrames.Make(4, 10, false, typeNames: ["1", "2"]);
        var e = Assert.Throws<InputException>(() => LammpsData.FromFrame(f));
        Assert.Contains("no mass", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LammpsReadsTheWrittenFileWithTheSameNumbers()
    {
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        var original = LammpsDataReader.Read(References.ReferenceGlass);
        string dir = References.TempDir();
        LammpsDataWriter.Write(Path.Combine(dir, "in.data"), original);
        File.WriteAllText(Path.Combine(dir, "in.lmp"), """
            units real
            atom_style full
            bond_style class2
            angle_style class2
            dihedral_style class2
            read_data in.data
            write_dump all custom out.dump id type q x y z ix iy iz vx vy vz modify format float %.17g sort id
            print "COUNTS $(atoms) $(bonds) $(angles) $(dihedrals)"
            """);
        var (code, stdout, stderr) = References.Run(lmp, "-in in.lmp -log none", dir, 120);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("COUNTS 8069 4745 7667 3297", stdout, StringComparison.Ordinal);
        var frame = LammpsDumpReader.ReadFrames(Path.Combine(dir, "out.dump")).Single();
        Assert.Equal(original.Topology.Ids, frame.Ids);
        Assert.Equal(original.Topology.Types, frame.Types);
        Assert.Equal(original.Positions, frame.Positions);
        Assert.Equal(original.Images, frame.Images);
        Assert.Equal(original.Velocities, frame.Velocities);
        Assert.Equal(original.Topology.Charges.ToArray(), frame.Extra["q"]);
        Assert.Equal(original.Box, frame.Box);
        Directory.Delete(dir, true);
    }
}

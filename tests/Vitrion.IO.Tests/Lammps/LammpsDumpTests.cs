using System.Globalization;
using Vitrion.Core;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.IO.Tests.Lammps;

public class LammpsDumpTests
{
    private static readonly string[] AllColumns = ["id", "type", "x", "y", "z", "ix", "iy", "iz", "vx", "vy", "vz", "fx", "fy", "fz", "c_pe"];

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void RoundTripIsExact(bool triclinic, bool zeroOrigin)
    {
        string dir = References.TempDir();
        string path = Path.Combine(dir, "t.dump");
        var frames = Enumerable.Range(0, 5).Select(s => RandomFrames.Make(10 + s, 200 + s, triclinic, zeroOrigin)).ToList();
        using (var w = new LammpsDumpWriter(path, AllColumns))
        {
            foreach (var f in frames) { w.Write(f); }
        }

        var back = LammpsDumpReader.ReadFrames(path, new LammpsDumpReadOptions { TypeNames = frames[0].TypeNames }).ToList();
        Assert.Equal(frames.Count, back.Count);
        Assert.Equal(frames.Count, LammpsDumpReader.CountFrames(path));
        // Orthorhombic boxes come back bit-exact; the triclinic bounding-box form may cost an ulp (see below).
        for (int k = 0; k < frames.Count; k++) { FrameAssert.Exact(frames[k], back[k], boxUlps: triclinic ? 2 : 0); }
        Directory.Delete(dir, true);
    }

    [Fact]
    public void TriclinicBoundsStayWithinTwoUlps()
    {
        // The LAMMPS bounding-box form cannot carry every (origin, tilt) pair exactly; the writer picks the
        // closest bounds, so the box comes back exactly or within a few ulps.
        string dir = References.TempDir();
        string path = Path.Combine(dir, "t.dump");
        int exact = 0;
        for (int s = 0; s < 200; s++)
        {
            var f = RandomFrames.Make(1000 + s, 1, triclinic: true);
            using (var w = new LammpsDumpWriter(path, ["id", "type", "x", "y", "z"])) { w.Write(f); }
            var b = LammpsDumpReader.ReadFrames(path).Single().Box;
            FrameAssert.BoxWithin(f.Box, b, 2);
            if (f.Box.Equals(b)) { exact++; }
        }

        Assert.True(exact > 100, $"only {exact} of 200 random triclinic boxes came back bit-exact");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void AnyColumnOrderScaledUnwrappedAndShuffledIds()
    {
        var f = RandomFrames.Make(7, 120, triclinic: true);
        string dir = References.TempDir();
        string path = Path.Combine(dir, "t.dump");

        // Shuffle the atom order in the file: the reader sorts by id again.
        var rng = new Random(3);
        var perm = Enumerable.Range(0, f.AtomCount).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = new Frame(f.Box, perm.Select(i => f.Positions[i]).ToArray(), perm.Select(i => f.Ids[i]).ToArray(),
            perm.Select(i => f.Types[i]).ToArray(), f.TypeNames)
        {
            Step = f.Step,
            Images = perm.Select(i => f.Images![i]).ToArray(),
            Velocities = perm.Select(i => f.Velocities![i]).ToArray(),
        };
        using (var w = new LammpsDumpWriter(path, ["vz", "iz", "xs", "element", "ys", "type", "zs", "vy", "id", "ix", "iy", "vx", "xu", "yu", "zu"]))
        {
            w.Write(shuffled);
        }

        var back = LammpsDumpReader.ReadFrames(path).Single();
        Assert.Equal(f.Ids, back.Ids);
        Assert.Equal(f.Types, back.Types);
        Assert.Equal(["Li", "P", "S", "S"], back.TypeNames); // from the element column
        Assert.Equal(f.Velocities, back.Velocities);
        Assert.Equal(f.Images, back.Images);
        Assert.False(back.PositionsAreUnwrapped); // scaled wrapped coordinates are preferred over unwrapped
        for (int i = 0; i < f.AtomCount; i++)
        {
            Assert.Equal(0.0, (back.Positions[i] - f.Positions[i]).Norm, 1e-12);
        }

        // Unwrapped only: positions are x + image translation.
        using (var w = new LammpsDumpWriter(path, ["id", "type", "xu", "yu", "zu"])) { w.Write(f); }
        var u = LammpsDumpReader.ReadFrames(path).Single();
        Assert.True(u.PositionsAreUnwrapped);
        Assert.Null(u.Images);
        for (int i = 0; i < f.AtomCount; i++)
        {
            var expected = f.Box.Unwrap(f.Positions[i], f.Images![i]);
            Assert.Equal(expected, u.Positions[i]);
            Assert.Equal(expected, u.UnwrappedPosition(i));
        }

        // And writing that unwrapped frame as x/ix wraps it back to the original positions and images.
        using (var w = new LammpsDumpWriter(path, ["id", "type", "x", "y", "z", "ix", "iy", "iz"])) { w.Write(u); }
        var wrapped = LammpsDumpReader.ReadFrames(path).Single();
        Assert.Equal(f.Images, wrapped.Images);
        for (int i = 0; i < f.AtomCount; i++) { Assert.Equal(0.0, (wrapped.Positions[i] - f.Positions[i]).Norm, 1e-11); }
        Directory.Delete(dir, true);
    }

    [Fact]
    public void AppendAddsFrames()
    {
        string dir = References.TempDir();
        string path = Path.Combine(dir, "t.dump");
        var a = RandomFrames.Make(1, 50, false);
        var b = RandomFrames.Make(2, 50, false);
        using (var w = new LammpsDumpWriter(path, AllColumns)) { w.Write(a); }
        using (var w = new LammpsDumpWriter(path, AllColumns, append: true)) { w.Write(b); }
        var back = LammpsDumpReader.ReadFrames(path, new() { TypeNames = a.TypeNames }).ToList();
        Assert.Equal(2, back.Count);
        FrameAssert.Exact(a, back[0]);
        FrameAssert.Exact(b, back[1]);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void TopologyAttachesAndNamesTypes()
    {
        var data = LammpsDataReader.Read(References.ReferenceGlass);
        var frame = data.ToFrame();
        string dir = References.TempDir();
        string path = Path.Combine(dir, "g.dump");
        using (var w = new LammpsDumpWriter(path, ["id", "type", "x", "y", "z", "ix", "iy", "iz", "q"])) { w.Write(frame); }
        var back = LammpsDumpReader.ReadFrames(path, new LammpsDumpReadOptions { Topology = data.Topology }).Single();
        Assert.Same(data.Topology, back.Topology);
        Assert.Equal(data.Topology.TypeNames, back.TypeNames);
        Assert.Equal(data.Topology.Charges.ToArray(), back.Extra["q"]);
        Assert.Equal(data.Positions, back.Positions);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void LammpsTriclinicDumpAndOurDumpAgreeWithLammps()
    {
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        string dir = References.TempDir();
        File.WriteAllText(Path.Combine(dir, "in.lmp"), """
            units real
            atom_style atomic
            region r prism -1.5 17.25 0.5 14.0 -2.0 11.0 3.7 -2.9 1.3
            create_box 2 r
            create_atoms 1 random 60 4711 NULL
            create_atoms 2 random 40 4712 NULL
            mass * 10.0
            velocity all create 300 99
            write_dump all custom lmp.dump id type x y z ix iy iz vx vy vz modify format float %.17g
            print "BOX $(xlo:%.17g) $(xhi:%.17g) $(ylo:%.17g) $(yhi:%.17g) $(zlo:%.17g) $(zhi:%.17g) $(xy:%.17g) $(xz:%.17g) $(yz:%.17g)"
            """);
        var (code, so, se) = References.Run(lmp, "-in in.lmp -log none", dir, 120);
        Assert.True(code == 0, so + se);
        var box = so.Split('\n').First(l => l.StartsWith("BOX ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var f = LammpsDumpReader.ReadFrames(Path.Combine(dir, "lmp.dump"), new() { TypeNames = ["A", "B"] }).Single();
        Assert.Equal(100, f.AtomCount);
        Assert.Equal(box[0], f.Box.Origin.X, 1e-12);
        Assert.Equal(box[1] - box[0], f.Box.Lx, 1e-12);
        Assert.Equal(box[2], f.Box.Origin.Y, 1e-12);
        Assert.Equal(box[3] - box[2], f.Box.Ly, 1e-12);
        Assert.Equal(box[4], f.Box.Origin.Z, 1e-12);
        Assert.Equal(box[5] - box[4], f.Box.Lz, 1e-12);
        Assert.Equal(box[6], f.Box.Xy);
        Assert.Equal(box[7], f.Box.Xz);
        Assert.Equal(box[8], f.Box.Yz);
        for (int i = 0; i < f.AtomCount; i++)
        {
            var s = f.Box.ToFractional(f.Positions[i]);
            Assert.InRange(s.X, -1e-9, 1 + 1e-9);
            Assert.InRange(s.Y, -1e-9, 1 + 1e-9);
            Assert.InRange(s.Z, -1e-9, 1 + 1e-9);
        }

        // LAMMPS reads our dump (read_dump ... box yes) into the same box and atoms.
        using (var w = new LammpsDumpWriter(Path.Combine(dir, "ours.dump"), ["id", "type", "x", "y", "z", "vx", "vy", "vz"])) { w.Write(f); }
        File.WriteAllText(Path.Combine(dir, "in2.lmp"), $"""
            units real
            atom_style atomic
            region r prism 0 1 0 1 0 1 0 0 0
            create_box 2 r
            mass * 10.0
            read_dump ours.dump {f.Step} x y z vx vy vz box yes add yes
            write_dump all custom back.dump id type x y z vx vy vz modify format float %.17g sort id
            """);
        (code, so, se) = References.Run(lmp, "-in in2.lmp -log none", dir, 120);
        Assert.True(code == 0, so + se);
        var g = LammpsDumpReader.ReadFrames(Path.Combine(dir, "back.dump"), new() { TypeNames = ["A", "B"] }).Single();
        Assert.Equal(f.Box.Xy, g.Box.Xy);
        Assert.Equal(f.Box.Lx, g.Box.Lx, 1e-12);
        Assert.Equal(f.Box.Origin.Y, g.Box.Origin.Y, 1e-12);
        Assert.Equal(f.Ids, g.Ids);
        Assert.Equal(f.Types, g.Types);
        for (int i = 0; i < f.AtomCount; i++)
        {
            Assert.Equal(0.0, f.Box.MinimumImage(g.Positions[i] - f.Positions[i]).Norm, 1e-10);
            Assert.Equal(f.Velocities![i], g.Velocities![i]);
        }

        Directory.Delete(dir, true);
    }
}

using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

public sealed class QuenchCommandTests : IDisposable
{
    private readonly string _dir = References.TempDir("vitrion-cli-quench");

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Quench_writes_minimised_frames_that_stay_continuous_and_keep_existing_output_on_error()
    {
        var (code, _, err) = CliRunner.Run("build", "--anions", "PS4=2", "--seed", "3", "-o", P("tiny.data"));
        Assert.True(code == 0, err);
        var data = LammpsDataReader.Read(P("tiny.data"));
        var box = data.Box;

        // The packing itself is far from a minimum: quench the data file first (the single-frame input path).
        (code, _, err) = CliRunner.Run("quench", P("tiny.data"), "--fmax", "0.05", "--max-steps", "5000", "--kspace", "ewald", "--threads", "1", "-o", P("relaxed.dump"));
        Assert.True(code == 0, err);
        var relaxed = StructureFile.ReadFrame(P("relaxed.dump"), new StructureReadOptions { Topology = data.Topology });

        // Two "thermal" frames: the relaxed glass shaken by 0.15 Å, and in the second, atom 0 counted one box further in x.
        var rng = new Random(2);
        var frames = new List<Frame>();
        for (int k = 0; k < 2; k++)
        {
            var pos = relaxed.Positions.Select(p => p + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 0.3).ToArray();
            var images = new Int3[pos.Length];
            if (k == 1) { images[0] = new Int3(1, 0, 0); }
            frames.Add(new Frame(box, pos, data.Topology.Ids.ToArray(), data.Topology.Types.ToArray(), data.Topology.TypeNames) { Step = 1000 * k, Images = images });
        }

        LammpsDumpWriter.WriteAll(P("hot.dump"), frames, ["id", "type", "x", "y", "z", "ix", "iy", "iz"]);
        const double fmax = 0.05;
        (code, var stdout, err) = CliRunner.Run("quench", P("hot.dump"), "--topology", P("tiny.data"), "--fmax", "0.05", "--max-steps", "5000", "--kspace", "ewald", "--threads", "1", "--voronoi", "-o", P("is.dump"));
        Assert.True(code == 0, err + stdout);
        Assert.Contains("2 inherent structures", stdout);

        var quenched = StructureFile.ReadFrames(P("is.dump"), new StructureReadOptions { Topology = data.Topology }).ToList();
        Assert.Equal(2, quenched.Count);
        var field = new ArigaForceField(ForceFieldSpec.LoadDefault(), data.Topology, box, new ForceFieldOptions { Kspace = KspaceStyle.Ewald, Threads = 1 });
        var buffer = new ForceBuffer(data.Topology.AtomCount);
        for (int k = 0; k < 2; k++)
        {
            var q = quenched[k];
            Assert.Equal(1000 * k, q.Step);
            Assert.True(q.PositionsAreUnwrapped);

            // Independent check of the minimum: forces recomputed from the written positions are below the tolerance
            // (within the 6 significant digits the dump keeps), and the energy dropped.
            var s = new SystemState(data.Topology, box, q.Positions.ToArray());
            field.Compute(s, buffer, perAtom: true);
            double worst = buffer.Forces.Max(f => f.Norm);
            Assert.True(worst < fmax * 1.5, $"frame {k}: largest force {worst} kcal/mol/Å");
            double eq = buffer.PotentialEnergy;
            field.Compute(new SystemState(data.Topology, box, Enumerable.Range(0, frames[k].AtomCount).Select(frames[k].UnwrappedPosition).ToArray()), buffer);
            Assert.True(eq < buffer.PotentialEnergy, $"frame {k}: {eq} not below {buffer.PotentialEnergy}");
            Assert.Equal(eq, q.Extra["c_pe_is"].Sum(), 2);
            Assert.Equal(box.Volume, q.Extra["c_voro_is"].Sum(), 6); // Voronoi cells of the quenched structure fill the box

            // Unwrapped continuity: every atom stays within a fraction of an Å of its input position, including atom 0
            // of frame 1 which sits one box length further in x.
            for (int i = 0; i < q.AtomCount; i++)
            {
                Assert.True((q.Positions[i] - frames[k].UnwrappedPosition(i)).Norm < 0.5, $"frame {k} atom {i}");
            }
        }

        Assert.Equal(box.Lx, quenched[1].Positions[0].X - quenched[0].Positions[0].X, 0);

        // A dump without --topology is refused with a message naming the fix, and the existing output survives.
        byte[] before = File.ReadAllBytes(P("is.dump"));
        (code, _, err) = CliRunner.Run("quench", P("hot.dump"), "-o", P("is.dump"), "--kspace", "none");
        Assert.NotEqual(0, code);
        Assert.Contains("--topology", err);
        Assert.Equal(before, File.ReadAllBytes(P("is.dump")));
    }
}

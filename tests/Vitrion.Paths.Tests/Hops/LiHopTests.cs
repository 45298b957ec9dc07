using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.Paths.Hops;
using Vitrion.Paths.Neb;
using Xunit;

namespace Vitrion.Paths.Tests.Hops;

/// <summary>
/// A toy periodic "glass": Li atoms held by Gaussian wells at fixed sites plus a soft Gaussian repulsion between
/// atoms, all with the minimum image (ranges far below half the box, so the minimum-image switch at L/2 is invisible). Cheap, smooth and with known symmetry.
/// </summary>
internal sealed class WellsPotential(Vec3[] sites, double depth = 10, double width = 1.0, double repulsion = 20, double range = 1.5) : IPotential
{
    public void Compute(SystemState state, ForceBuffer output, bool perAtom = false)
    {
        output.Clear(perAtom);
        var box = state.Box;
        var p = state.Positions;
        double e = 0;
        for (int i = 0; i < p.Length; i++)
        {
            foreach (var s in sites)
            {
                var d = box.MinimumImage(p[i] - s);
                double g = -depth * Math.Exp(-d.NormSquared / (2 * width * width));
                e += g;
                output.Forces[i] += d * (g / (width * width));
            }

            for (int j = i + 1; j < p.Length; j++)
            {
                var d = box.MinimumImage(p[i] - p[j]);
                double g = repulsion * Math.Exp(-d.NormSquared / (2 * range * range));
                e += g;
                var f = d * (g / (range * range));
                output.Forces[i] += f;
                output.Forces[j] -= f;
            }
        }

        output.Energies.Elj = e;
    }
}

public class LiHopTests
{
    private const double Spacing = 6.0;

    private static SystemState Lattice(out Vec3[] sites)
    {
        var list = new List<Vec3>();
        for (int x = 0; x < 3; x++) for (int y = 0; y < 3; y++) for (int z = 0; z < 3; z++) { list.Add(new Vec3(x * Spacing + 1, y * Spacing + 1, z * Spacing + 1)); }
        sites = list.ToArray();
        int n = sites.Length;
        var topo = new Topology(["Li"], [6.94], new int[n], Enumerable.Repeat(1.0, n).ToArray(), Enumerable.Range(1, n).ToArray());
        return new SystemState(topo, Box.Cubic(3 * Spacing), (Vec3[])sites.Clone());
    }

    [Fact]
    public void Symmetric_hop_has_equal_barriers_and_the_climbing_image_matches_a_constrained_minimum()
    {
        var state = Lattice(out var sites);
        PotentialFactory factory = (t, b, th) => new WellsPotential(sites);
        var runner = new LiHopRunner(state, factory, new HopOptions
        {
            Images = 7,
            Relaxation = new MinimizerOptions { ForceTolerance = 1e-5, MaxSteps = 5000, MaxStep = 0.1 },
            Neb = new NebOptions { ForceTolerance = 1e-4, SpringConstant = 5, MaxSteps = 10000, MaxStep = 0.05 },
            Threads = 2,
        });
        // Atom 1 at (1,1,1) hops along x into the site of atom 10 at (7,1,1) (ids are 1-based: index 9 → id 10).
        var r = runner.Run(1, 10);
        Assert.True(r.Converged, r.Neb.Message + " | " + r.InitialRelaxation.Message + " | " + r.FinalRelaxation.Message);
        Assert.Equal(Spacing, r.Distance, 10);
        Assert.Equal(26, r.Topology.AtomCount);
        Assert.DoesNotContain(10, r.Topology.Ids);

        // End-state energies equal the potential's energy of the relaxed end states (independent evaluation).
        var frames = r.Frames();
        Assert.Equal(7, frames.Count);
        var buffer = new ForceBuffer(26);
        var pot = new WellsPotential(sites);
        pot.Compute(new SystemState(r.Topology, r.Box, (Vec3[])frames[0].Positions.ToArray()), buffer);
        Assert.Equal(buffer.PotentialEnergy, r.Neb.Energies[0], 9);
        pot.Compute(new SystemState(r.Topology, r.Box, (Vec3[])frames[^1].Positions.ToArray()), buffer);
        Assert.Equal(buffer.PotentialEnergy, r.Neb.Energies[^1], 9);

        // Mirror symmetry: equal end energies, equal barriers, climbing image in the middle on the mirror plane x = 4.
        Assert.Equal(r.Neb.Energies[0], r.Neb.Energies[^1], 6);
        Assert.Equal(r.ForwardBarrier, r.BackwardBarrier, 6);
        Assert.Equal(r.Neb.Energies[^1] - r.Neb.Energies[0], r.ForwardBarrier - r.BackwardBarrier, 10);
        Assert.Equal(3, r.Neb.ClimbingImage);
        Assert.True(r.Neb.ClimbingImageForce < 1e-4, $"climbing image force {r.Neb.ClimbingImageForce}");
        var ci = NebPath.Unflatten(r.Neb.Images[3]);
        Assert.Equal(4.0, ci[0].X, 3);

        // Reference saddle: minimise with the mover constrained to the mirror plane (x gradient of atom 0 removed).
        var refState = new SystemState(r.Topology, r.Box, ci.ToArray());
        var constrained = new Constrained(new PotentialOptimizable(refState, new WellsPotential(sites)), 0);
        var x = NebPath.Flatten(ci);
        x[0] = 4.0;
        var cr = new Fire().Minimize(constrained, x, new MinimizerOptions { ForceTolerance = 1e-5, MaxSteps = 20000, MaxStep = 0.05 });
        Assert.True(cr.Converged, cr.Message);
        Assert.Equal(cr.Energy, r.Neb.Saddle.MaxImageEnergy, 5);
        Assert.True(r.ForwardBarrier > 5, $"barrier {r.ForwardBarrier}");
    }

    [Fact]
    public void Mobile_radius_freezes_every_atom_outside_the_region_and_keeps_the_barrier_identities()
    {
        var state = Lattice(out var sites);
        // Perturb every atom off its well so that a free relaxation would move all of them.
        var rng = new Random(3);
        for (int i = 0; i < state.AtomCount; i++) { state.Positions[i] += new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 0.4; }
        var start = state.Positions.ToArray();
        PotentialFactory factory = (t, b, th) => new WellsPotential(sites);
        const double radius = 6.0;
        var runner = new LiHopRunner(state, factory, new HopOptions
        {
            Images = 5,
            Idpp = true,
            RelaxGlassFirst = false,
            MobileRadius = radius,
            Relaxation = new MinimizerOptions { ForceTolerance = 1e-4, MaxSteps = 5000, MaxStep = 0.1 },
            Neb = new NebOptions { ForceTolerance = 1e-3, SpringConstant = 5, MaxSteps = 5000, MaxStep = 0.05 },
            Threads = 1,
        });
        var r = runner.Run(1, 10);
        Assert.True(r.Converged, r.Neb.Message);
        Assert.NotNull(r.Mobile);

        // Hand count: atoms within 6 Å of the segment (1,1,1)–(7,1,1) in the perturbed start (target removed).
        var box = state.Box;
        var a = start[0];
        var seg = box.MinimumImage(start[9] - a);
        int expected = 0;
        var frames = r.Frames();
        for (int k = 0, h = 0; k < start.Length; k++)
        {
            if (k == 9) { continue; }
            var d = box.MinimumImage(start[k] - a);
            double t = Math.Clamp(Vec3.Dot(d, seg) / Vec3.Dot(seg, seg), 0, 1);
            bool mobile = k == 0 || (d - t * seg).Norm <= radius;
            Assert.Equal(mobile, r.Mobile![h]);
            if (mobile) { expected++; }
            else
            {
                // A frozen atom sits exactly where it started in every image, of the IDPP start and of the relaxed band.
                foreach (var f in frames.Concat(r.Frames(initialPath: true))) { Assert.Equal(0.0, box.MinimumImage(f.Positions[h] - start[k]).Norm, 12); }
            }

            h++;
        }

        Assert.InRange(expected, 2, 25);
        Assert.True(r.ForwardBarrier >= 0 && r.BackwardBarrier >= 0);
        Assert.Equal(r.Neb.Energies[^1] - r.Neb.Energies[0], r.ForwardBarrier - r.BackwardBarrier, 10);
    }

    [Fact]
    public void Barriers_count_the_end_images_and_report_an_interior_dip()
    {
        // Energies by hand: a band whose highest point is its final state and whose middle dips below both ends.
        double[] e = [0.0, -3.0, 1.0, 2.5];
        double[] s = [0, 1, 2, 3];
        var saddle = NebRunner.EstimateSaddle(e, s, [0, 0, 0, 0]);
        var r = new NebResult(true, 1, 0, double.NaN, -1, e, s, [0, 0, 0, 0], [], saddle, 0, "");
        Assert.Equal(2.5, r.ForwardBarrier, 12);
        Assert.Equal(0.0, r.BackwardBarrier, 12);
        Assert.Equal(3.0, r.InteriorDip, 12);
        Assert.Equal(2, saddle.MaxImage);
    }

    [Fact]
    public void Unknown_or_equal_ids_are_input_errors()
    {
        var state = Lattice(out var sites);
        var runner = new LiHopRunner(state, (t, b, th) => new WellsPotential(sites), new HopOptions());
        Assert.Throws<InputException>(() => runner.Run(1, 1));
        Assert.Throws<InputException>(() => runner.Run(1, 999));
    }

    [Fact]
    public void Sampler_takes_pairs_in_the_window_and_balances_the_classes()
    {
        var state = Lattice(out _);
        var topo = state.Topology;
        // Softness: positive for even ids.
        var soft = topo.Ids.ToDictionary(id => id, id => id % 2 == 0 ? 1.0 : -1.0);
        var sampler = new HopSampler(5, 10);
        var pairs = sampler.Sample(topo, state.Box, state.Positions, soft, 40, 7);
        Assert.Equal(40, pairs.Count);
        Assert.Equal(pairs.Count, pairs.Select(p => (p.InitialId, p.TargetId)).Distinct().Count());
        foreach (var p in pairs)
        {
            var d = state.Box.MinimumImage(state.Positions[topo.IndexOfId(p.TargetId)] - state.Positions[topo.IndexOfId(p.InitialId)]).Norm;
            Assert.Equal(d, p.Distance, 10);
            Assert.InRange(d, 5, 10);
            Assert.Equal(p.InitialId % 2 == 0, p.InitialClass == SoftnessClass.Soft);
        }

        foreach (var label in new[] { "soft→hard", "hard→soft", "soft→soft", "hard→hard" })
        {
            Assert.Equal(10, pairs.Count(p => p.ClassLabel == label));
        }

        // Same seed, same sample.
        Assert.Equal(pairs, sampler.Sample(topo, state.Box, state.Positions, soft, 40, 7));
    }

    [Fact]
    public void Softness_csv_is_read_and_bad_lines_name_the_line()
    {
        string dir = Vitrion.TestKit.References.TempDir();
        string ok = Path.Combine(dir, "s.csv");
        File.WriteAllText(ok, "id,type,softness\n3,Li,0.5\n7,Li,-1.25e0\n");
        var m = HopSampler.ReadSoftnessCsv(ok);
        Assert.Equal(2, m.Count);
        Assert.Equal(-1.25, m[7]);
        string bad = Path.Combine(dir, "b.csv");
        File.WriteAllText(bad, "id,softness\n3,0.5\n4,abc\n");
        var e = Assert.Throws<InputException>(() => HopSampler.ReadSoftnessCsv(bad));
        Assert.Contains("3", e.Message);
    }

    [Fact]
    public void Median_and_bootstrap_error_of_a_known_sample()
    {
        var m = HopBatch.Median("x", [1, 2, 3, 4, 100]);
        Assert.Equal(3, m.Median);
        Assert.Equal(5, m.Count);
        Assert.True(m.StandardError > 0 && m.StandardError < 50);
    }

    private sealed class Constrained(IOptimizable inner, int coordinate) : IOptimizable
    {
        public int Dimension => inner.Dimension;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            double e = inner.Evaluate(x, gradient);
            gradient[coordinate] = 0;
            return e;
        }
    }
}

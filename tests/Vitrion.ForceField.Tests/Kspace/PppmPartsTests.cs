using System.Runtime.Intrinsics;
using Vitrion.Core;
using Vitrion.ForceField.Kspace;
using Vitrion.TestKit;

namespace Vitrion.ForceField.Tests.Kspace;

/// <summary>
/// The three parts PPPM is made of, each on its own: the tuning against the numbers LAMMPS prints for the reference
/// glass, the charge assignment against its exact moment properties, and the influence function against its
/// continuum limit; the assembled term against the pre-split class's energy of the glass.
/// </summary>
public sealed class PppmPartsTests
{
    [Fact]
    public void TuningGivesLammpsGridAndGEwaldForTheReferenceGlass()
    {
        // LAMMPS 20220106, kspace_style pppm 1e-5, pair cutoff 12 Å, this glass: "G vector (1/distance) = 0.2460764",
        // "grid = 36 36 36", "estimated relative force accuracy = 9.0579232e-06" (bench/forcefield/in.glass_pppm, run 0).
        var d = TestSystems.Glass;
        var q = Spec.ForceFieldParameters.Resolve(TestSystems.Spec, d.Topology).Topology.Charges;
        var grid = PppmTuning.Choose(q.Length, q.Sum(x => x * x), d.Box, 1e-5, 12.0, 5, null);
        Assert.Equal((36, 36, 36), (grid.Nx, grid.Ny, grid.Nz));
        Assert.Equal(0.2460764, grid.GEwald, 1e-7);
        Assert.True(grid.RelativeForceError < 1e-5 && grid.RelativeForceError > 8e-6, $"estimated relative error {grid.RelativeForceError}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(7)]
    public void ChargeAssignmentWeightsAreAPartitionOfUnityWithTheAtomAsTheirCentre(int order)
    {
        // B-spline assignment: in each dimension the weights sum to 1 and their first moment is the atom's position
        // (relative to the stencil), so spreading conserves the total charge and the dipole.
        const int n = 20;
        var box = new Box(new Vec3(-1, 2, 0.5), 17.0, 19.0, 23.0);
        var rng = new Random(7);
        var pos = Enumerable.Range(0, 50).Select(_ => new Vec3(box.Origin.X + 17 * rng.NextDouble(), box.Origin.Y + 19 * rng.NextDouble(), box.Origin.Z + 23 * rng.NextDouble())).ToArray();
        var charged = Enumerable.Range(0, pos.Length).ToArray();
        var ca = new PppmChargeAssignment(order, pos.Length);
        int px = n + order, py = n + order, pz = n + order;
        ca.SetGrid(n, n, n, px, py, pz);
        double[] inv = [n / box.Lx, n / box.Ly, n / box.Lz];
        ca.Map(pos, charged, box, inv[0], inv[1], inv[2], 0, pos.Length);
        for (int c = 0; c < pos.Length; c++)
        {
            int origin = ca.StencilOrigin(c);
            int[] first = [origin % px, origin / px % py, origin / (px * py)];
            double[] fracGrid = [(pos[c].X - box.Origin.X) * inv[0], (pos[c].Y - box.Origin.Y) * inv[1], (pos[c].Z - box.Origin.Z) * inv[2]];
            for (int dim = 0; dim < 3; dim++)
            {
                var w = ca.Weights(c, dim);
                Assert.Equal(1.0, w.ToArray().Sum(), 1e-13);
                double moment = 0;
                for (int l = 0; l < order; l++) { moment += w[l] * (first[dim] + ca.NLower + l); }
                Assert.Equal(fracGrid[dim], moment, 1e-11);
            }
        }

        ca.SortByRow();
        var grid = new double[px * py * pz];
        var q = pos.Select((_, i) => i % 2 == 0 ? 1.5 : -0.7).ToArray();
        double dvi = inv[0] * inv[1] * inv[2];
        ca.Spread(grid, q, charged, dvi, 0, pos.Length);
        Assert.Equal(q.Sum(), grid.Sum() / dvi, 1e-11);
    }

    [Fact]
    public void InfluenceFunctionTendsToTheContinuumKernelOnAFineGrid()
    {
        // For grid spacing h with g h << 1 the aliases die out and the optimal influence function of order p reduces to
        // its leading term, the continuum kernel 4π/k² exp(−k²/4g²) divided by the assignment's transform
        // U(k)² = Π_i sinc(k_i h/2)^(2p) (Hockney–Eastwood); the k = 0 mode carries nothing.
        const int n = 64;
        const double l = 20.0, g = 0.3;
        int half = n / 2 + 1, rs = (half + 3) & ~3;
        var coef = new double[n * n * rs * 8];
        var kgx = new double[half];
        var kgy = new double[n];
        var kgz = new double[n];
        PppmInfluence.Compute(n, n, n, half, rs, 5, g, l, l, l, coef, kgx, kgy, kgz);
        double scaleinv = 1.0 / ((double)n * n * n);
        foreach (var (kx, ky, kz) in new[] { (1, 0, 0), (0, 2, 0), (1, 1, 1), (3, 0, 2) })
        {
            int idx = ((kz * n + ky) * rs + kx) * 8;
            double gf = coef[idx + 7] / scaleinv;
            double k2 = Math.Pow(2 * Math.PI / l, 2) * (kx * kx + ky * ky + kz * kz);
            double u2 = 1;
            foreach (int m in new[] { kx, ky, kz })
            {
                double x = Math.PI * m / n; // k h / 2
                u2 *= m == 0 ? 1 : Math.Pow(Math.Sin(x) / x, 2 * 5);
            }

            double continuum = 4 * Math.PI / k2 * Math.Exp(-k2 / (4 * g * g)) / u2;
            Assert.Equal(1.0, gf / continuum, 2e-6);
            Assert.Equal(2 * Math.PI / l * kx, kgx[kx], 1e-12);
        }

        Assert.Equal(0.0, coef[7]); // k = 0 carries nothing
    }

    [Fact]
    public void AssembledSolverGivesThePreSplitEnergyOfTheGlass()
    {
        // The k-space energy of the reference glass (PPPM 1e-5, 12 Å, order 5) from the single 937-line class this one
        // was split from, printed by bench/perf before the split: -119364.17658803654 kcal/mol; the split changed no operation.
        var d = TestSystems.Glass;
        var (b, _, _) = TestSystems.Evaluate(d, new ForceFieldOptions { Kspace = KspaceStyle.Pppm, Accuracy = 1e-5, Threads = 1, Terms = ForceFieldTerms.Kspace });
        Assert.Equal(-119364.17658803654, b.Energies.Elong, 1e-7);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void WideSpreadingAndStencilSumsEqualTheScalarLoops(int order)
    {
        // the 512-bit spreading and stencil sums (3 and 4 interleaved components) against the plain triple loop over
        // the 1-D weights; the slack after the grid is filled with a marker that must stay and must not leak in
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported) { return; }
        const int n = 12;
        var box = new Box(new Vec3(0.5, -2, 1), 11.0, 12.5, 13.0);
        var rng = new Random(3);
        var pos = Enumerable.Range(0, 40).Select(_ => new Vec3(box.Origin.X + 11 * rng.NextDouble(), box.Origin.Y + 12.5 * rng.NextDouble(), box.Origin.Z + 13 * rng.NextDouble())).ToArray();
        pos[0] = box.Origin + new Vec3(11 - 1e-9, 12.5 - 1e-9, 13 - 1e-9);   // stencil at the far corner of the padded grid
        var charged = Enumerable.Range(0, pos.Length).ToArray();
        var q = pos.Select((_, i) => 0.3 + (i % 7) * 0.25 - 1.0).ToArray();
        var ca = new PppmChargeAssignment(order, pos.Length);
        int px = n + order, py = n + order, pz = n + order, points = px * py * pz;
        ca.SetGrid(n, n, n, px, py, pz);
        ca.Map(pos, charged, box, n / box.Lx, n / box.Ly, n / box.Lz, 0, pos.Length);
        ca.SortByRow();
        var wide = new double[points + PppmChargeAssignment.GridSlack];
        ca.Spread(wide, q, charged, 0.7, 0, pos.Length, wide: true);
        var scalar = new double[points];
        for (int c = 0; c < pos.Length; c++)
        {
            int o = ca.StencilOrigin(c);
            for (int a = 0; a < order; a++)
            {
                for (int b = 0; b < order; b++)
                {
                    for (int l = 0; l < order; l++)
                    {
                        scalar[o + (a * py + b) * px + l] += 0.7 * q[charged[c]] * ca.Weights(c, 2)[a] * ca.Weights(c, 1)[b] * ca.Weights(c, 0)[l];
                    }
                }
            }
        }

        double gmax = scalar.Max(Math.Abs);
        for (int k = 0; k < points; k++) { Assert.True(Math.Abs(wide[k] - scalar[k]) <= 1e-12 * gmax, $"point {k}: {wide[k]} vs {scalar[k]}"); }
        for (int k = points; k < wide.Length; k++) { Assert.Equal(0.0, wide[k]); }

        foreach (int comps in new[] { 3, 4 })
        {
            var field = new double[points * comps + PppmChargeAssignment.GridSlack];
            for (int k = 0; k < points * comps; k++) { field[k] = Math.Sin(0.37 * k) + 0.1 * (k % 5); }
            for (int k = points * comps; k < field.Length; k++) { field[k] = 1e300; }
            for (int c = 0; c < pos.Length; c++)
            {
                var sum = ca.StencilSum512(field, comps, c);
                var expect = new double[4];
                int o = ca.StencilOrigin(c);
                for (int a = 0; a < order; a++)
                {
                    for (int b = 0; b < order; b++)
                    {
                        for (int l = 0; l < order; l++)
                        {
                            double w = ca.Weights(c, 2)[a] * ca.Weights(c, 1)[b] * ca.Weights(c, 0)[l];
                            for (int k = 0; k < comps; k++) { expect[k] += w * field[(o + (a * py + b) * px + l) * comps + k]; }
                        }
                    }
                }

                for (int k = 0; k < 4; k++) { Assert.True(Math.Abs(sum.GetElement(k) - expect[k]) <= 1e-12 * Math.Max(1.0, Math.Abs(expect[k])), $"atom {c} comps {comps} component {k}: {sum.GetElement(k)} vs {expect[k]}"); }
            }
        }
    }
}

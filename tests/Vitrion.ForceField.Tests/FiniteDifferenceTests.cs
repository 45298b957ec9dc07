using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.ForceField.Tests;

/// <summary>Forces and virial of every term against central finite differences of the energy.</summary>
public sealed class FiniteDifferenceTests
{
    public static TheoryData<string, bool> Cases()
    {
        var d = new TheoryData<string, bool>();
        foreach (string t in new[] { "Pair", "Kspace", "ThreeBody", "Bonds", "Angles", "Dihedrals", "All" })
        {
            d.Add(t, false);
            d.Add(t, true);
        }

        return d;
    }

    private static Box MakeBox(bool triclinic) => triclinic
        ? new Box(new Vec3(-1, 0.5, 2), 21.0, 20.0, 22.0, 3.1, -2.4, 1.7)
        : new Box(new Vec3(-1, 0.5, 2), 21.0, 20.0, 22.0);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForcesAndVirialMatchFiniteDifferences(string term, bool triclinic)
    {
        var terms = Enum.Parse<ForceFieldTerms>(term);
        var box = MakeBox(triclinic);
        var (topo, pos) = SmallSystems.Molecular(box, seed: 7 + (triclinic ? 1 : 0));
        var options = new ForceFieldOptions { Kspace = KspaceStyle.Ewald, Accuracy = 1e-10, Cutoff = 9.0, Skin = 1.0, Threads = 1, Terms = terms, Simd = false };
        var ff = new ArigaForceField(TestSystems.Spec, topo, box, options);
        var state = new SystemState(ff.Topology, box, pos);
        var b = new ForceBuffer(topo.AtomCount);
        ff.Compute(state, b);
        double e0 = b.PotentialEnergy;
        Assert.True(Math.Abs(e0) > 1e-3, $"term {term} contributes nothing ({e0})");
        var forces = (Vec3[])b.Forces.Clone();
        var virial = (double[])b.Virial.Clone();

        double Energy(Box bx, Vec3[] p)
        {
            var f2 = new ArigaForceField(TestSystems.Spec, topo, bx, options with { GEwald = ff.GEwald });
            var s2 = new SystemState(f2.Topology, bx, p);
            var b2 = new ForceBuffer(p.Length);
            f2.Compute(s2, b2);
            return b2.PotentialEnergy;
        }

        const double h = 1e-5;
        double fmax = forces.Max(f => Math.Max(Math.Abs(f.X), Math.Max(Math.Abs(f.Y), Math.Abs(f.Z))));
        foreach (int i in new[] { 0, 1, 3, 7, 12, 20, topo.AtomCount - 1 })
        {
            for (int a = 0; a < 3; a++)
            {
                var plus = (Vec3[])pos.Clone();
                var minus = (Vec3[])pos.Clone();
                var dv = a == 0 ? new Vec3(h, 0, 0) : a == 1 ? new Vec3(0, h, 0) : new Vec3(0, 0, h);
                plus[i] += dv; minus[i] -= dv;
                double fd = -(Energy(box, plus) - Energy(box, minus)) / (2 * h);
                Assert.True(Math.Abs(fd - forces[i][a]) < 1e-5 * Math.Max(1, fmax), $"{term} atom {i} axis {a}: analytic {forces[i][a]} vs FD {fd}");
            }
        }

        // (Ewald accuracy 1e-10: the k sphere gains/loses boundary vectors under strain, a jump proportional to the accuracy.)
        // Virial from homogeneous strains r -> (1 + ε) r of the upper-triangular cell: dE/dε_ab = −W_ab.
        (int A, int B, int K)[] comps = [(0, 0, 0), (1, 1, 1), (2, 2, 2), (0, 1, 3), (0, 2, 4), (1, 2, 5)];
        double vmax = virial.Max(Math.Abs);
        foreach (var (ca, cb, k) in comps)
        {
            double Strained(double eps)
            {
                Vec3 S(Vec3 r)
                {
                    double[] c = [r.X, r.Y, r.Z];
                    c[ca] += eps * c[cb];
                    return new Vec3(c[0], c[1], c[2]);
                }

                Vec3 a1 = S(box.A), b1 = S(box.B), c1 = S(box.C);
                var bx = new Box(S(box.Origin), a1.X, b1.Y, c1.Z, b1.X, c1.X, c1.Y);
                return Energy(bx, pos.Select(S).ToArray());
            }

            double fd = -(Strained(h) - Strained(-h)) / (2 * h);
            Assert.True(Math.Abs(fd - virial[k]) < 2e-5 * Math.Max(1, vmax), $"{term} virial {k}: analytic {virial[k]} vs FD {fd}");
        }
    }
}

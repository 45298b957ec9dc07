using Vitrion.Core;

namespace Vitrion.Learning.Labels;

/// <summary>Options of the Falk–Langer non-affine squared displacement (SCIENCE.md §5).</summary>
/// <param name="Cutoff">neighbour cutoff rc [Å] at the earlier time (default 5.0; all species).</param>
/// <param name="NormaliseByCount">divide by the neighbour count (default true).</param>
public sealed record NonAffineOptions(double Cutoff = 5.0, bool NormaliseByCount = true);

/// <summary>
/// D²min(i; t, Δt) = min_J Σ_j |r_ij(t+Δt) − J r_ij(t)|² (/ n_i), neighbours j within rc of i at t (minimum image).
/// The later separations are r_ij(t) + u_j − u_i with u the displacement of each atom between the two frames
/// (from unwrapped positions when image flags are known, otherwise by minimum image), so atoms crossing the
/// boundary are handled. The least-squares solve is the transport module's <see cref="Vitrion.Analysis.Transport.D2Min.Solve"/>;
/// this class adds only the threaded loop over a chosen set of centres that the softness labels need.
/// </summary>
public static class NonAffineDisplacement
{
    /// <summary>D²min [Å²] of the atoms <paramref name="centres"/> between <paramref name="a"/> and <paramref name="b"/> (NaN when fewer than 3 neighbours or a singular neighbourhood).</summary>
    public static double[] Compute(Frame a, Frame b, int[] centres, NonAffineOptions options)
    {
        if (a.AtomCount != b.AtomCount) { throw new InputException($"frames at steps {a.Step} and {b.Step} hold different numbers of atoms ({a.AtomCount}, {b.AtomCount})"); }
        int n = a.AtomCount;
        var u = new Vec3[n];
        bool unwrapped = (a.Images is not null || a.PositionsAreUnwrapped) && (b.Images is not null || b.PositionsAreUnwrapped);
        for (int i = 0; i < n; i++)
        {
            u[i] = unwrapped ? b.UnwrappedPosition(i) - a.UnwrappedPosition(i) : a.Box.MinimumImage(b.Positions[i] - a.Positions[i]);
        }

        var pos = a.Positions.ToArray();
        var nl = new NeighborList(options.Cutoff, 0, half: false);
        nl.Build(a.Box, pos);
        double rc2 = options.Cutoff * options.Cutoff;
        var result = new double[centres.Length];
        Parallel.For(0, centres.Length, c =>
        {
            int i = centres[c];
            var nb = nl.NeighborsOf(i);
            int off = nl.Offsets[i];
            var d0 = new List<Vec3>(nb.Length);
            var d1 = new List<Vec3>(nb.Length);
            for (int k = 0; k < nb.Length; k++)
            {
                var d = nl.Displacement(pos, i, off + k);
                if (d.NormSquared > rc2 || d.NormSquared == 0) { continue; }
                d0.Add(d);
                d1.Add(d + u[nb[k]] - u[i]);
            }

            result[c] = Vitrion.Analysis.Transport.D2Min.Solve(d0, d1, options.NormaliseByCount);
        });
        return result;
    }
}

using Vitrion.Core;

namespace Vitrion.Learning.Features;

/// <summary>Radial structure functions of the centre atoms of one frame.</summary>
/// <param name="Centres">atom indices (into the frame) of the centre atoms, in frame order.</param>
/// <param name="Values">Values[c][f]: feature f of centre c (dimensionless sums of Gaussians).</param>
public sealed record FrameFeatures(int[] Centres, double[][] Values);

/// <summary>
/// Computes radial structure functions (see <see cref="RadialFeatureSpec"/>) with the core's cell-list
/// neighbour search (a full list, so every centre sees all its neighbours within the cutoff, several periodic
/// images included when the cutoff exceeds half the box), threaded over centres.
/// </summary>
public sealed class RadialStructureFunctions
{
    private readonly double[] _mu;

    /// <summary>Creates the calculator.</summary>
    public RadialStructureFunctions(RadialFeatureSpec spec)
    {
        spec.Validate();
        Spec = spec;
        _mu = spec.Mu;
    }

    /// <summary>The feature definition.</summary>
    public RadialFeatureSpec Spec { get; }

    /// <summary>The features of every centre atom of <paramref name="frame"/>.</summary>
    /// <param name="frame">the frame.</param>
    /// <param name="anions">anion class per atom (only for S split by anion; computed when null).</param>
    public FrameFeatures Compute(Frame frame, AnionKind[]? anions = null)
    {
        var elements = AnionClasses.Elements(frame);
        var centres = Enumerable.Range(0, frame.AtomCount).Where(i => elements[i] == Spec.CentreElement).ToArray();
        if (centres.Length == 0)
        {
            throw new InputException($"the frame at step {frame.Step} has no {Spec.CentreElement} atoms (type names: {string.Join(",", frame.TypeNames)}); give type names with --type-names");
        }

        var block = Spec.BlockOfAtoms(frame, anions);
        var positions = frame.Positions.ToArray();
        var nl = new NeighborList(Spec.Cutoff, 0, half: false);
        nl.Build(frame.Box, positions);
        int nMu = _mu.Length, nF = Spec.FeatureCount;
        double cut2 = Spec.Cutoff * Spec.Cutoff;
        double inv2L2 = 1.0 / (2 * Spec.Width * Spec.Width);
        var values = new double[centres.Length][];
        Parallel.For(0, centres.Length, c =>
        {
            int i = centres[c];
            var row = new double[nF];
            var nb = nl.NeighborsOf(i);
            int off = nl.Offsets[i];
            for (int k = 0; k < nb.Length; k++)
            {
                int j = nb[k];
                int b = block[j];
                if (b < 0) { continue; }
                var d = nl.Displacement(positions, i, off + k);
                double r2 = d.NormSquared;
                if (r2 > cut2 || r2 == 0) { continue; }
                double r = Math.Sqrt(r2);
                int baseIdx = b * nMu;
                for (int m = 0; m < nMu; m++)
                {
                    double x = r - _mu[m];
                    row[baseIdx + m] += Math.Exp(-x * x * inv2L2);
                }
            }

            values[c] = row;
        });
        return new FrameFeatures(centres, values);
    }
}

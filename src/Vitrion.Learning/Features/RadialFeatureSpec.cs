using System.Globalization;
using Vitrion.Core;

namespace Vitrion.Learning.Features;

/// <summary>Which neighbour species form the blocks of the radial structure functions.</summary>
public enum FeatureSet
{
    /// <summary>One block: neighbouring Li only (one reading of the paper).</summary>
    Li,

    /// <summary>Three blocks: Li, P, S (the default; SCIENCE.md §5).</summary>
    LiPS,

    /// <summary>Five blocks: Li, P, S of PS4, S of P2S7, S of P2S6.</summary>
    LiPSByAnion,
}

/// <summary>
/// Definition of the radial structure functions G_X(i; μ) = Σ_{j∈X} exp(−(r_ij − μ)²/(2L²)) of each centre atom i
/// (Li by default): one block per neighbour group X, μ on a uniform grid. Neighbours farther than
/// <see cref="Cutoff"/> are ignored (default μmax + 4L, where a Gaussian has fallen to 3.4e-4 of its peak).
/// </summary>
/// <param name="Set">neighbour groups.</param>
/// <param name="MuMin">first μ [Å] (default 1.0).</param>
/// <param name="MuMax">last μ [Å] (default 8.0).</param>
/// <param name="MuStep">μ spacing [Å] (default 0.2).</param>
/// <param name="Width">Gaussian width L [Å] (default 0.2).</param>
/// <param name="CutoffOverride">neighbour cutoff [Å]; null = μmax + 4L.</param>
/// <param name="CentreElement">element of the centre atoms (default Li).</param>
public sealed record RadialFeatureSpec(
    FeatureSet Set = FeatureSet.LiPS,
    double MuMin = 1.0,
    double MuMax = 8.0,
    double MuStep = 0.2,
    double Width = 0.2,
    double? CutoffOverride = null,
    string CentreElement = "Li")
{
    /// <summary>Neighbour cutoff [Å].</summary>
    public double Cutoff => CutoffOverride ?? MuMax + 4 * Width;

    /// <summary>The μ grid [Å].</summary>
    public double[] Mu
    {
        get
        {
            int n = (int)Math.Floor((MuMax - MuMin) / MuStep + 1e-9) + 1;
            return Enumerable.Range(0, n).Select(k => MuMin + k * MuStep).ToArray();
        }
    }

    /// <summary>Block names in feature order.</summary>
    public IReadOnlyList<string> Blocks => Set switch
    {
        FeatureSet.Li => ["Li"],
        FeatureSet.LiPS => ["Li", "P", "S"],
        FeatureSet.LiPSByAnion => ["Li", "P", "S_PS4", "S_P2S7", "S_P2S6"],
        _ => throw new ArgumentOutOfRangeException(nameof(Set)),
    };

    /// <summary>Number of features (blocks × μ values).</summary>
    public int FeatureCount => Blocks.Count * Mu.Length;

    /// <summary>Feature names "G_block_μ" in order (μ in Å with 3 decimals).</summary>
    public string[] FeatureNames()
    {
        var mu = Mu;
        return Blocks.SelectMany(b => mu.Select(m => "G_" + b + "_" + m.ToString("0.###", CultureInfo.InvariantCulture))).ToArray();
    }

    /// <summary>Checks the values; throws <see cref="InputException"/> with the fix.</summary>
    public void Validate()
    {
        if (!(MuStep > 0)) { throw new InputException($"the μ step must be positive (got {MuStep.ToString(CultureInfo.InvariantCulture)} Å)"); }
        if (!(MuMax >= MuMin) || MuMin < 0) { throw new InputException("need 0 ≤ μmin ≤ μmax [Å]"); }
        if (!(Width > 0)) { throw new InputException($"the Gaussian width L must be positive (got {Width.ToString(CultureInfo.InvariantCulture)} Å)"); }
        if (!(Cutoff > 0)) { throw new InputException("the neighbour cutoff must be positive [Å]"); }
    }

    /// <summary>
    /// Block index of every atom of a frame (−1 = not a neighbour of any block), from element names and, for
    /// <see cref="FeatureSet.LiPSByAnion"/>, the anion class of each S.
    /// </summary>
    public int[] BlockOfAtoms(Frame frame, AnionKind[]? anions = null)
    {
        var elements = AnionClasses.Elements(frame);
        var block = new int[frame.AtomCount];
        if (Set == FeatureSet.LiPSByAnion) { anions ??= AnionClasses.Of(frame); }
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (Set, elements[i]) switch
            {
                (_, "Li") => 0,
                (FeatureSet.Li, _) => -1,
                (_, "P") => 1,
                (FeatureSet.LiPS, "S") => 2,
                (FeatureSet.LiPSByAnion, "S") => anions![i] switch
                {
                    AnionKind.PS4 => 2,
                    AnionKind.P2S7 => 3,
                    AnionKind.P2S6 => 4,
                    _ => -1,
                },
                _ => -1,
            };
        }

        if (Set == FeatureSet.LiPSByAnion)
        {
            bool anyS = elements.Contains("S");
            if (anyS && !block.Where((b, i) => elements[i] == "S").Any(b => b >= 2))
            {
                throw new InputException("features split S by anion, but no S atom could be assigned to PS4, P2S7 or P2S6 (give Ariga type names such as S4/S1/Sc/S2, or a structure whose anions are intact)");
            }
        }

        return block;
    }
}

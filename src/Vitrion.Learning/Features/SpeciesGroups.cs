using Vitrion.Core;

namespace Vitrion.Learning.Features;

/// <summary>The polyatomic anion an atom belongs to.</summary>
public enum AnionKind
{
    /// <summary>Not part of a recognised anion (Li, free S, unknown).</summary>
    None = 0,

    /// <summary>PS4(3-) (ortho-thiophosphate).</summary>
    PS4 = 1,

    /// <summary>P2S7(4-) (pyro-thiophosphate, two P sharing a bridging S).</summary>
    P2S7 = 2,

    /// <summary>P2S6(4-) (hypo-thiophosphate, P–P bonded).</summary>
    P2S6 = 3,
}

/// <summary>
/// Per-atom anion class. The Ariga 2022 type names decide when present (S4/P4 → PS4, S1/Sc/Pa → P2S7,
/// S2/P2 → P2S6); otherwise a geometric census assigns them (P–S bonded within 2.6 Å, P–P within 2.6 Å:
/// one P with 4 S = PS4, two P sharing one S = P2S7, two P bonded to each other = P2S6).
/// </summary>
public static class AnionClasses
{
    /// <summary>P–S and P–P bond cutoff [Å] of the geometric census.</summary>
    public const double BondCutoff = 2.6;

    /// <summary>The anion kind of each atom of <paramref name="frame"/>.</summary>
    public static AnionKind[] Of(Frame frame)
    {
        var fromNames = FromTypeNames(frame);
        return fromNames ?? Geometric(frame);
    }

    /// <summary>Anion kinds from Ariga type names, or null when the names do not identify anions.</summary>
    public static AnionKind[]? FromTypeNames(Frame frame)
    {
        var byType = new AnionKind[frame.TypeNames.Length];
        bool any = false;
        for (int t = 0; t < byType.Length; t++)
        {
            byType[t] = frame.TypeNames[t] switch
            {
                "S4" or "P4" => AnionKind.PS4,
                "S1" or "Sc" or "Pa" => AnionKind.P2S7,
                "S2" or "P2" => AnionKind.P2S6,
                _ => AnionKind.None,
            };
            any |= byType[t] != AnionKind.None;
        }

        if (!any) { return null; }
        var result = new AnionKind[frame.AtomCount];
        for (int i = 0; i < result.Length; i++) { result[i] = byType[frame.Types[i]]; }
        return result;
    }

    /// <summary>
    /// Anion kinds from geometry (bond cutoff <see cref="BondCutoff"/>): the structure module's census
    /// (<see cref="Vitrion.Analysis.Structure.AnionClusters.FromGeometry"/>), reduced to the three anions.
    /// </summary>
    public static AnionKind[] Geometric(Frame frame)
    {
        var census = Vitrion.Analysis.Structure.AnionClusters.FromGeometry(frame, BondCutoff);
        var result = new AnionKind[frame.AtomCount];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = census.Kind[i] switch
            {
                Vitrion.Analysis.Structure.AnionClusterKind.PS4 => AnionKind.PS4,
                Vitrion.Analysis.Structure.AnionClusterKind.P2S7 => AnionKind.P2S7,
                Vitrion.Analysis.Structure.AnionClusterKind.P2S6 => AnionKind.P2S6,
                _ => AnionKind.None,
            };
        }

        return result;
    }

    /// <summary>The chemical element of every atom (from the type name; "?" when unknown).</summary>
    public static string[] Elements(Frame frame)
    {
        var byType = frame.TypeNames.Select(t => AtomTypes.ElementOf(t) ?? "?").ToArray();
        var e = new string[frame.AtomCount];
        for (int i = 0; i < e.Length; i++) { e[i] = byType[frame.Types[i]]; }
        return e;
    }
}

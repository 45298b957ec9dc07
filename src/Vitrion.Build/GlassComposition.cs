using System.Globalization;
using Vitrion.Core;

namespace Vitrion.Build;

/// <summary>
/// Numbers of units of a Li2S–P2S5 glass model: PS4(3−), P2S7(4−), P2S6(4−) and free S(2−); the Li(+) count
/// follows from neutrality (3 per PS4, 4 per P2S7 and P2S6, 2 per S).
/// </summary>
public sealed record GlassComposition(int PS4, int P2S7, int P2S6, int Sulfide = 0)
{
    /// <summary>Li⁺ counter-ions needed for a neutral model.</summary>
    public int Lithium => 3 * PS4 + 4 * P2S7 + 4 * P2S6 + 2 * Sulfide;

    /// <summary>Number of P atoms.</summary>
    public int Phosphorus => PS4 + 2 * P2S7 + 2 * P2S6;

    /// <summary>Number of S atoms.</summary>
    public int SulfurAtoms => 4 * PS4 + 7 * P2S7 + 6 * P2S6 + Sulfide;

    /// <summary>Total number of atoms.</summary>
    public int AtomCount => Lithium + Phosphorus + SulfurAtoms;

    /// <summary>Share of P in P2S6 units (0–1).</summary>
    public double P2S6ShareOfP => Phosphorus == 0 ? 0 : 2.0 * P2S6 / Phosphorus;

    /// <summary>Checks the counts; throws <see cref="InputException"/> for negative or empty requests.</summary>
    public void Validate()
    {
        if (PS4 < 0 || P2S7 < 0 || P2S6 < 0 || Sulfide < 0)
        {
            throw new InputException($"unit counts must be non-negative (got PS4={PS4}, P2S7={P2S7}, P2S6={P2S6}, S={Sulfide})");
        }

        if (PS4 + P2S7 + P2S6 + Sulfide == 0)
        {
            throw new InputException("the composition is empty: ask for at least one anion (e.g. --anions PS4=18,P2S7=42,P2S6=9)");
        }
    }

    /// <summary>
    /// A member of the Chen et al. 2023 series: PS4 = 180, P2S6 = 30·k for a P2S6 share of P of 5k % (k = 1…5),
    /// P2S7 = 510 − P2S6, Li 2580, P 1200 at scale 1; other scales multiply every count (which must stay an integer).
    /// </summary>
    /// <param name="p2s6Percent">P2S6 share of P in percent: 5, 10, 15, 20 or 25.</param>
    /// <param name="scale">scale factor (1 = the paper's 8000-atom models; 0.1 = one tenth).</param>
    public static GlassComposition Chen2023(int p2s6Percent, double scale = 1.0)
    {
        if (p2s6Percent is not (5 or 10 or 15 or 20 or 25))
        {
            throw new InputException($"--p2s6 must be one of 5, 10, 15, 20, 25 (percent of P in P2S6), got {p2s6Percent}");
        }

        int ps4 = ScaleCount(180, scale, "PS4");
        int p2s6 = ScaleCount(6 * p2s6Percent, scale, "P2S6");
        int p2s7 = ScaleCount(510 - 6 * p2s6Percent, scale, "P2S7");
        return new GlassComposition(ps4, p2s7, p2s6);
    }

    private static int ScaleCount(int full, double scale, string what)
    {
        if (!(scale > 0)) { throw new InputException($"--scale must be positive, got {scale.ToString(CultureInfo.InvariantCulture)}"); }
        double v = full * scale;
        int n = (int)Math.Round(v);
        if (Math.Abs(v - n) > 1e-6)
        {
            throw new InputException(FormattableString.Invariant(
                $"scale {scale} gives {v:0.######} {what} units, not a whole number; use a scale such as 1, 0.5, 0.2 or 0.1"));
        }

        return n;
    }

    /// <summary>Parses "PS4=18,P2S7=42,P2S6=9[,S=0]".</summary>
    public static GlassComposition ParseAnions(string text, int sulfide = 0)
    {
        int ps4 = 0, p2s7 = 0, p2s6 = 0, s = sulfide;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            {
                throw new InputException($"--anions: cannot read '{part}'; expected NAME=COUNT such as PS4=18");
            }

            switch (kv[0].ToUpperInvariant())
            {
                case "PS4": ps4 = n; break;
                case "P2S7": p2s7 = n; break;
                case "P2S6": p2s6 = n; break;
                case "S": case "S2-": case "SULFIDE": s = n; break;
                default: throw new InputException($"--anions: unknown unit '{kv[0]}'; expected PS4, P2S7, P2S6 or S");
            }
        }

        var c = new GlassComposition(ps4, p2s7, p2s6, s);
        c.Validate();
        return c;
    }
}

using Vitrion.Core;

namespace Vitrion.Learning.Tests;

/// <summary>Small random structures for tests.</summary>
internal static class Synthetic
{
    public static readonly string[] Names = ["Li", "P4", "S4", "S2", "S1"];

    /// <summary>Random atoms (no closer than 1.2 Å) in a box; types cycle Li, P4, S4, S2, S1 with Li half of them.</summary>
    public static Frame RandomFrame(Box box, int n, int seed)
    {
        var rng = new Random(seed);
        var pos = new List<Vec3>();
        while (pos.Count < n)
        {
            var f = new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble());
            var r = box.ToCartesian(f);
            if (pos.All(p => box.MinimumImage(p - r).Norm > 1.2)) { pos.Add(r); }
        }

        var types = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0 : 1 + (i / 2) % 4).ToArray();
        return new Frame(box, pos.ToArray(), Enumerable.Range(1, n).ToArray(), types, Names);
    }

    /// <summary>The frame with every atom moved by a random displacement of the given size [Å] (positions stay as given, unwrapped).</summary>
    public static Frame Jiggle(Frame f, double size, int seed)
    {
        var rng = new Random(seed);
        var pos = f.Positions.Select(p => p + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * (2 * size)).ToArray();
        return new Frame(f.Box, pos, f.Ids.ToArray(), f.Types.ToArray(), f.TypeNames) { Step = f.Step + 1000, PositionsAreUnwrapped = true };
    }
}

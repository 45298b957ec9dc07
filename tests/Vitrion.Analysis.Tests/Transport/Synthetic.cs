using Vitrion.Analysis.Transport;
using Vitrion.Core;

namespace Vitrion.Analysis.Tests.Transport;

/// <summary>Synthetic trajectories with known statistics.</summary>
internal static class Synthetic
{
    /// <summary>A standard normal deviate (Box–Muller) from a seeded generator.</summary>
    public static double Gauss(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// Independent 3-D Gaussian random walks with diffusion coefficient D [Å²/fs]: each step of dtFs adds a normal
    /// displacement of variance 2 D dt per axis, so MSD = 6 D t exactly in expectation.
    /// </summary>
    public static UnwrappedTrajectory RandomWalks(int atoms, int frames, double dA2PerFs, double dtFs, int seed)
    {
        var rng = new Random(seed);
        double s = Math.Sqrt(2 * dA2PerFs * dtFs);
        var pos = new List<Vec3[]>(frames);
        var cur = new Vec3[atoms];
        for (int i = 0; i < atoms; i++) { cur[i] = new Vec3(rng.NextDouble() * 30, rng.NextDouble() * 30, rng.NextDouble() * 30); }
        for (int k = 0; k < frames; k++)
        {
            if (k > 0)
            {
                var next = new Vec3[atoms];
                for (int i = 0; i < atoms; i++) { next[i] = cur[i] + s * new Vec3(Gauss(rng), Gauss(rng), Gauss(rng)); }
                cur = next;
            }

            pos.Add(cur);
        }

        return UnwrappedTrajectory.FromPositions(Enumerable.Range(0, frames).Select(k => k * dtFs).ToArray(), pos);
    }

    /// <summary>Frames of a trajectory given unwrapped positions: wrapped into the (possibly changing) boxes, with image flags.</summary>
    public static List<Frame> ToFrames(IReadOnlyList<Vec3[]> unwrapped, IReadOnlyList<Box> boxes, int[] types, string[] typeNames, bool withImages, double dtFs = 1)
    {
        var frames = new List<Frame>();
        for (int k = 0; k < unwrapped.Count; k++)
        {
            var box = boxes[k];
            int n = unwrapped[k].Length;
            var w = new Vec3[n];
            var img = new Int3[n];
            for (int i = 0; i < n; i++)
            {
                Int3 im = default;
                w[i] = box.Wrap(unwrapped[k][i], ref im);
                img[i] = im;
            }

            frames.Add(new Frame(box, w, Enumerable.Range(1, n).ToArray(), (int[])types.Clone(), typeNames)
            {
                Step = k, TimeFs = k * dtFs, Images = withImages ? img : null,
            });
        }

        return frames;
    }
}

using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Xunit;

namespace Vitrion.Analysis.Tests.Transport;

public class UnwrapAndMsdTests
{
    /// <summary>An NPT-like trajectory: fractional random walks in a box that breathes and shears.</summary>
    private static (List<Vec3[]> Truth, List<Box> Boxes) BreathingBox(int atoms, int frames, int seed)
    {
        var rng = new Random(seed);
        var f = new Vec3[atoms];
        for (int i = 0; i < atoms; i++) { f[i] = new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble()); }
        var truth = new List<Vec3[]>();
        var boxes = new List<Box>();
        for (int k = 0; k < frames; k++)
        {
            double s = 1 + 0.08 * Math.Sin(0.3 * k);
            var box = new Box(new Vec3(-1 + 0.2 * Math.Sin(0.1 * k), 2, 0.5), 20 * s, 18 * s * (1 + 0.02 * Math.Cos(0.2 * k)), 22 * s, 1.5 * Math.Sin(0.05 * k), -1.0, 0.7);
            if (k > 0)
            {
                for (int i = 0; i < atoms; i++) { f[i] += 0.06 * new Vec3(Synthetic.Gauss(rng), Synthetic.Gauss(rng), Synthetic.Gauss(rng)); }
            }

            // LAMMPS convention: unwrapped = current box applied to the unwrapped fractional coordinates.
            truth.Add(f.Select(box.ToCartesian).ToArray());
            boxes.Add(box);
        }

        return (truth, boxes);
    }

    [Fact]
    public void ContinuousUnwrappingUnderChangingBoxEqualsTheTruth()
    {
        var (truth, boxes) = BreathingBox(60, 200, 3);
        var frames = Synthetic.ToFrames(truth, boxes, new int[60], ["Li"], withImages: false);
        // Image of each atom at frame 0 (the continuous scheme starts at image 0 when the frame has no flags).
        var img0 = new Int3[60];
        for (int i = 0; i < 60; i++) { Int3 im = default; boxes[0].Wrap(truth[0][i], ref im); img0[i] = im; }
        var u = new Unwrapper(UnwrapMode.Auto);
        double worst = 0;
        int crossings = 0;
        for (int k = 0; k < frames.Count; k++)
        {
            var r = u.Unwrap(frames[k]);
            Assert.Equal(UnwrapMode.Continuous, u.Mode);
            for (int i = 0; i < r.Length; i++)
            {
                worst = Math.Max(worst, (r[i] + boxes[k].Translation(img0[i]) - truth[k][i]).Norm);
                if (k > 0 && boxes[k].ToFractional(frames[k].Positions[i]).X - boxes[k - 1].ToFractional(frames[k - 1].Positions[i]).X is > 0.5 or < -0.5) { crossings++; }
            }
        }

        Assert.True(crossings > 20, $"the test trajectory must cross boundaries (crossings {crossings})");
        Assert.True(worst < 1e-9, $"max deviation {worst} Å");

        // Naive Cartesian unwrapping (minimum image of the Cartesian jump with the current box) drifts away under NPT.
        double naiveWorst = 0;
        var prev = frames[0].Positions.ToArray();
        var acc = frames[0].Positions.ToArray();
        for (int k = 1; k < frames.Count; k++)
        {
            for (int i = 0; i < acc.Length; i++)
            {
                acc[i] += boxes[k].MinimumImage(frames[k].Positions[i] - prev[i]);
                naiveWorst = Math.Max(naiveWorst, (acc[i] + boxes[k].Translation(img0[i]) - truth[k][i]).Norm);
            }

            prev = frames[k].Positions.ToArray();
        }

        Assert.True(naiveWorst > 0.1, $"naive unwrapping should fail under a changing box (max {naiveWorst} Å)");
    }

    [Fact]
    public void ImageFlagsAndColumnsGiveTheTruth()
    {
        var (truth, boxes) = BreathingBox(20, 30, 5);
        var frames = Synthetic.ToFrames(truth, boxes, new int[20], ["Li"], withImages: true);
        var u = new Unwrapper();
        var uc = new Unwrapper(UnwrapMode.Continuous);
        for (int k = 0; k < frames.Count; k++)
        {
            var r = u.Unwrap(frames[k]);
            var rc = uc.Unwrap(frames[k]);
            Assert.Equal(UnwrapMode.Images, u.Mode);
            for (int i = 0; i < r.Length; i++)
            {
                Assert.True((r[i] - truth[k][i]).Norm < 1e-9);
                Assert.True((rc[i] - truth[k][i]).Norm < 1e-9); // continuous, starting from the first frame's flags
            }
        }

        var cols = new Frame(boxes[0], truth[0], Enumerable.Range(1, 20).ToArray(), new int[20], ["Li"]) { PositionsAreUnwrapped = true };
        var uu = new Unwrapper();
        Assert.Equal(truth[0], uu.Unwrap(cols));
        Assert.Equal(UnwrapMode.Columns, uu.Mode);
        Assert.Throws<InputException>(() => new Unwrapper(UnwrapMode.Columns).Unwrap(frames[0]));
    }

    [Fact]
    public void FftWindowedMsdEqualsTheDirectAverage()
    {
        var traj = Synthetic.RandomWalks(37, 301, 0.01, 2.0, 11);
        var fft = Msd.Windowed(traj);
        var direct = Msd.WindowedDirect(traj);
        Assert.Equal(301, fft.MsdA2.Length);
        double worst = 0;
        for (int m = 1; m < direct.Length; m++) { worst = Math.Max(worst, Math.Abs(fft.MsdA2[m] - direct[m]) / direct[m]); }
        Assert.True(worst < 1e-10, $"max relative difference {worst}");
        Assert.Equal(2.0 * 300, fft.TimeFs[^1], 12);
        // Components add up, and per-atom values at sampled lags average to the total.
        for (int s = 1; s < fft.SampledLags.Length; s++)
        {
            int m = fft.SampledLags[s];
            Assert.Equal(fft.MsdA2[m], fft.PerAtomA2[s].Average(), 1e-9 * fft.MsdA2[m] + 1e-14);
            Assert.Equal(fft.MsdA2[m], fft.MsdXA2[m] + fft.MsdYA2[m] + fft.MsdZA2[m], 1e-12);
        }
    }

    [Fact]
    public void OriginModeAndDriftRemovalMatchHandCalculation()
    {
        // Two species; everything drifts with a constant velocity on top of random walks.
        var rng = new Random(2);
        int n = 30, frames = 40;
        var types = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 1 : 0).ToArray(); // 0 = Li, 1 = S4
        string[] names = ["Li", "S4"];
        var box = Box.Cubic(25);
        var pos = new List<Vec3[]>();
        var cur = Enumerable.Range(0, n).Select(_ => new Vec3(rng.NextDouble() * 25, rng.NextDouble() * 25, rng.NextDouble() * 25)).ToArray();
        var v = new Vec3(0.05, -0.03, 0.02);
        for (int k = 0; k < frames; k++)
        {
            if (k > 0) { cur = cur.Select(r => r + v + 0.2 * new Vec3(Synthetic.Gauss(rng), Synthetic.Gauss(rng), Synthetic.Gauss(rng))).ToArray(); }
            pos.Add(cur);
        }

        var fr = Synthetic.ToFrames(pos, Enumerable.Repeat(box, frames).ToList(), types, names, withImages: true, dtFs: 5);
        double mLi = 6.941, mS = 32.066;
        int[] li = Enumerable.Range(0, n).Where(i => types[i] == 0).ToArray();
        Vec3 Com(Vec3[] p, IEnumerable<int> idx)
        {
            double m = 0; Vec3 s = Vec3.Zero;
            foreach (int i in idx) { double w = types[i] == 0 ? mLi : mS; m += w; s += w * p[i]; }
            return s / m;
        }

        foreach (var com in new[] { ComReference.None, ComReference.Group, ComReference.System })
        {
            var res = MsdAnalysis.Compute(fr, new MsdOptions { Mode = MsdMode.Origin, Com = com, Species = ["Li"] });
            Assert.Equal(li.Length, res.AtomCount);
            for (int k = 0; k < frames; k++)
            {
                Vec3 drift = com switch
                {
                    ComReference.Group => Com(pos[k], li) - Com(pos[0], li),
                    ComReference.System => Com(pos[k], Enumerable.Range(0, n)) - Com(pos[0], Enumerable.Range(0, n)),
                    _ => Vec3.Zero,
                };
                double expect = li.Average(i => (pos[k][i] - pos[0][i] - drift).NormSquared);
                Assert.Equal(expect, res.MsdA2[k], 1e-10 * Math.Max(1, expect));
                Assert.Equal(5.0 * k, res.TimeFs[k], 12);
            }
        }

        // With drift removal the drift velocity no longer shows: system-COM MSD grows far less than the drifting one.
        var none = MsdAnalysis.Compute(fr, new MsdOptions { Mode = MsdMode.Origin, Com = ComReference.None });
        var sys = MsdAnalysis.Compute(fr, new MsdOptions { Mode = MsdMode.Origin, Com = ComReference.System });
        Assert.True(none.MsdA2[^1] - sys.MsdA2[^1] > 0.8 * (v * (frames - 1)).NormSquared);
    }

    [Fact]
    public void WindowModeThroughFramesEqualsDirectAndRejectsUnevenSpacing()
    {
        var traj = Synthetic.RandomWalks(12, 50, 0.02, 1.0, 4);
        var box = Box.Cubic(15);
        var pos = Enumerable.Range(0, 50).Select(k => Enumerable.Range(0, 12).Select(i => traj.Position(k, i)).ToArray()).ToList();
        var fr = Synthetic.ToFrames(pos, Enumerable.Repeat(box, 50).ToList(), new int[12], ["Li"], withImages: false, dtFs: 10);
        var res = MsdAnalysis.Compute(fr, new MsdOptions { Mode = MsdMode.Window, Com = ComReference.None });
        var direct = Msd.WindowedDirect(traj);
        for (int m = 1; m < 50; m++) { Assert.Equal(direct[m], res.MsdA2[m], 1e-9 * direct[m]); }
        Assert.Equal(490, res.TimeFs[^1], 9);
        Assert.Equal(UnwrapMode.Continuous, res.Unwrap);

        var uneven = fr.Select((f, k) => new Frame(f.Box, f.Positions.ToArray(), f.Ids.ToArray(), f.Types.ToArray(), f.TypeNames) { TimeFs = k * 10 + (k == 7 ? 3 : 0) }).ToList();
        Assert.Throws<InputException>(() => MsdAnalysis.Compute(uneven, new MsdOptions { Mode = MsdMode.Window }));
        Assert.Throws<InputException>(() => MsdAnalysis.Compute(fr, new MsdOptions { Species = ["Na"] }));
    }

    [Fact]
    public void NonGaussianParameterOfAMixtureOfDiffusivitiesIsAnalytic()
    {
        // Gaussian walkers: α2 = 0. A 50/50 mixture with D1 and D2 = 3 D1: α2 = ⟨D²⟩/⟨D⟩² − 1 = 5/4 − 1 = 0.25.
        var a = Synthetic.RandomWalks(400, 200, 0.01, 1, 21);
        var b = Synthetic.RandomWalks(400, 200, 0.03, 1, 22);
        var gauss = Msd.NonGaussian(a, [5, 10, 20], 400);
        foreach (var g in gauss) { Assert.True(Math.Abs(g) < 0.03, $"α2 of Gaussian walkers {g}"); }
        var pos = Enumerable.Range(0, 200).Select(k => Enumerable.Range(0, 800).Select(i => i < 400 ? a.Position(k, i) : b.Position(k, i - 400)).ToArray()).ToList();
        var mix = UnwrappedTrajectory.FromPositions(a.TimesFs, pos);
        var alpha = Msd.NonGaussian(mix, [5, 10, 20], 400);
        foreach (var g in alpha) { Assert.True(Math.Abs(g - 0.25) < 0.04, $"α2 of the mixture {string.Join(", ", alpha)} (expected 0.25); Gaussian {string.Join(", ", gauss)}"); }
    }

    [Fact]
    public void VanHoveSelfFunctionOfGaussianWalkersIsTheMaxwellShape()
    {
        double d = 0.01, t = 100;
        var traj = Synthetic.RandomWalks(500, 201, d, 1, 8);
        var vh = VanHove.Compute(traj, [t], rMaxA: 6, bins: 30)[0];
        double s2 = 2 * d * t; // variance per axis
        double integral = vh.FourPiR2Gs.Sum() * (6.0 / 30);
        Assert.Equal(1.0, integral, 2);
        for (int b = 0; b < vh.RA.Length; b++)
        {
            double r = vh.RA[b];
            double expect = 4 * Math.PI * r * r * Math.Pow(2 * Math.PI * s2, -1.5) * Math.Exp(-r * r / (2 * s2));
            if (expect > 0.1) { Assert.True(Math.Abs(vh.FourPiR2Gs[b] - expect) < 0.08 * expect + 0.01, $"r={r}: {vh.FourPiR2Gs[b]} vs {expect}"); }
        }
    }
}

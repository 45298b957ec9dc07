using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.IO;
using Xunit;

namespace Vitrion.Analysis.Tests.Transport;

/// <summary>Transport analyses on a LAMMPS trajectory of the reference glass (see <see cref="LammpsGlassRun"/>).</summary>
public class LammpsTrajectoryTests
{
    private static List<Frame> Read(string path) =>
        StructureFile.ReadFrames(path, new StructureReadOptions { TypeNames = LammpsGlassRun.TypeNames }).ToList();

    [Fact]
    public void SingleOriginLiMsdEqualsLammpsComputeMsdComYes()
    {
        var run = LammpsGlassRun.Get();
        var lammps = run.ReadMsd();
        foreach (var path in new[] { run.WrappedDump, run.UnwrappedDump })
        {
            var frames = Read(path);
            Assert.Equal(LammpsGlassRun.Steps / LammpsGlassRun.Every + 1, frames.Count);
            var r = MsdAnalysis.Compute(frames, new MsdOptions { Mode = MsdMode.Origin, Com = ComReference.Group, Species = ["Li"] });
            Assert.Equal(2619, r.AtomCount);
            double worst = 0;
            for (int k = 0; k < frames.Count; k++)
            {
                var row = lammps[frames[k].Step];
                Assert.Equal(frames[k].Step * LammpsGlassRun.TimestepFs, r.TimeFs[k], 9);
                if (k == 0) { Assert.True(r.MsdA2[0] < 1e-20 && row[3] < 1e-20); continue; }
                double[] mine = [r.MsdXA2[k], r.MsdYA2[k], r.MsdZA2[k], r.MsdA2[k]];
                for (int c = 0; c < 4; c++) { worst = Math.Max(worst, Math.Abs(mine[c] - row[c]) / row[c]); }
            }

            Assert.True(worst < 1e-6, $"{Path.GetFileName(path)}: max relative difference to LAMMPS {worst}");
            Assert.True(r.MsdA2[^1] > 0.5, "the run should move the Li by more than 0.5 Å²");
        }
    }

    [Fact]
    public void UnwrappingFromWrappedPositionsEqualsTheUnwrappedTruth()
    {
        var run = LammpsGlassRun.Get();
        var wrapped = Read(run.WrappedDump);
        var truth = Read(run.UnwrappedDump);
        Assert.True(truth[0].PositionsAreUnwrapped);
        var cont = new Unwrapper(UnwrapMode.Continuous, startFromImages: false);
        var img = new Unwrapper(UnwrapMode.Images);
        double worstCont = 0, worstImg = 0;
        int crossings = 0;
        var i0 = wrapped[0].Images!;
        for (int k = 0; k < wrapped.Count; k++)
        {
            // Continuous unwrapping sees the wrapped positions only (image flags removed).
            var w = wrapped[k];
            var bare = new Frame(w.Box, w.Positions.ToArray(), w.Ids.ToArray(), w.Types.ToArray(), w.TypeNames) { Step = w.Step };
            var rc = cont.Unwrap(bare);
            var ri = img.Unwrap(w);
            for (int i = 0; i < rc.Length; i++)
            {
                worstCont = Math.Max(worstCont, (rc[i] + w.Box.Translation(i0[i]) - truth[k].Positions[i]).Norm);
                worstImg = Math.Max(worstImg, (ri[i] - truth[k].Positions[i]).Norm);
                if (k > 0 && w.Images![i] != wrapped[k - 1].Images![i]) { crossings++; }
            }
        }

        Assert.True(crossings > 100, $"boundary crossings in the run: {crossings}");
        Assert.True(worstCont < 1e-9, $"continuous unwrapping: max deviation {worstCont} Å");
        Assert.True(worstImg < 1e-9, $"image-flag unwrapping: max deviation {worstImg} Å");
    }

    [Fact]
    public void WindowedMsdOfTheGlassEqualsTheDirectAverage()
    {
        var run = LammpsGlassRun.Get();
        var frames = Read(run.WrappedDump);
        var c = new TrajectoryCollector(new CollectorOptions { Species = ["Li"], Com = ComReference.System, TimestepFs = 1 });
        foreach (var f in frames) { c.Add(f); }
        var traj = c.Build();
        var fft = Msd.Windowed(traj);
        var direct = Msd.WindowedDirect(traj);
        double worst = 0;
        for (int m = 1; m < direct.Length; m++) { worst = Math.Max(worst, Math.Abs(fft.MsdA2[m] - direct[m]) / direct[m]); }
        Assert.True(worst < 1e-10, $"max relative difference FFT vs direct {worst}");
        var viaAnalysis = MsdAnalysis.Compute(frames, new MsdOptions { Mode = MsdMode.Window });
        for (int m = 1; m < direct.Length; m++) { Assert.Equal(direct[m], viaAnalysis.MsdA2[m], 1e-10 * direct[m]); }
    }

    [Fact]
    public void D2MinOnTheGlassTrajectoryEqualsQrLeastSquares()
    {
        var run = LammpsGlassRun.Get();
        var frames = Read(run.WrappedDump);
        var f0 = frames[0];
        var f1 = frames[^1];
        var r = new D2Min(new D2MinOptions { CenterSpecies = ["Li"] }).Compute(f0, f1);
        var idx = Enumerable.Range(0, f0.AtomCount).Where(i => f0.TypeNames[f0.Types[i]] == "Li").Take(400).ToArray();
        var reference = D2MinTests.ReferenceD2Min(f0, f1, 5.0, idx);
        double worst = 0;
        for (int c = 0; c < idx.Length; c++) { worst = Math.Max(worst, Math.Abs(r.ValuesA2[c] - reference[c]) / reference[c]); }
        Assert.True(worst < 1e-9, $"max relative difference to QR {worst}");
        Assert.Equal(200, r.DtFs);
    }
}

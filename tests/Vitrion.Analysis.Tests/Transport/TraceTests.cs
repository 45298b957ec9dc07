using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Xunit;

namespace Vitrion.Analysis.Tests.Transport;

public class TraceTests
{
    [Fact]
    public void TracesAreLabelledByTheNearestAnionAcrossTheBoundary()
    {
        var box = Box.Cubic(20);
        string[] names = ["Li", "S4", "S2", "Sc"];
        // Li 1 near an S4 through the periodic boundary; Li 2 near S2; Li 3 near Sc (P2S7).
        Vec3[] p0 =
        [
            new(0.5, 10, 10), new(19.0, 10, 10), // Li 1 and S4 at 1.5 Å through x
            new(5, 5, 10), new(5, 7.2, 10),       // Li 2 and S2
            new(15, 15, 10.5), new(15, 13, 10.5), // Li 3 and Sc
            new(10, 10, 1),                       // Li 4 outside a 6 Å slab around z = 10
        ];
        int[] types = [0, 1, 0, 2, 0, 3, 0];
        var frames = new List<Frame>();
        for (int k = 0; k < 11; k++)
        {
            var p = p0.Select((r, i) => types[i] == 0 ? r + new Vec3(-0.2 * k, 0.05 * k, 0) : r).ToArray();
            frames.Add(new Frame(box, p.Select(r => box.Wrap(r)).ToArray(), Enumerable.Range(1, 7).ToArray(), types, names) { Step = 1000 * k });
        }

        var res = TraceAnalysis.Compute(frames, new TraceOptions { WindowFs = 8000, StartFs = 1000, Com = ComReference.None });
        Assert.Equal(9, res.TimesFs.Length); // 1000 … 9000 fs
        Assert.Equal(3, res.Traces.Count);
        var byId = res.Traces.ToDictionary(t => t.Id);
        Assert.Equal(AnionClass.PS4, byId[1].AnionClass);
        Assert.Equal(2, byId[1].NearestAnionId);
        Assert.Equal(Math.Sqrt(1.3 * 1.3 + 0.05 * 0.05), byId[1].NearestDistanceA, 9); // Li moved (−0.2, 0.05) Å by the window start
        Assert.Equal(AnionClass.P2S6, byId[3].AnionClass);
        Assert.Equal(AnionClass.P2S7, byId[5].AnionClass);
        // Unwrapped, continuous trace across the x boundary: x decreases by 0.2 Å per frame.
        var tr = byId[1].PositionsA;
        for (int k = 1; k < tr.Length; k++) { Assert.Equal(-0.2, tr[k].X - tr[k - 1].X, 9); }

        var all = TraceAnalysis.Compute(frames, new TraceOptions { SlabThicknessA = 0, Com = ComReference.None, MaxPerClass = 1 });
        Assert.Equal(3, all.Traces.Count); // one per class (Li 4's nearest anion is one of the three classes)
        var overrideClass = TraceAnalysis.Compute(frames, new TraceOptions { SlabThicknessA = 0, AnionClassById = new Dictionary<int, string> { [2] = "X" } });
        Assert.All(overrideClass.Traces, t => Assert.Equal("X", t.AnionClass));
    }
}

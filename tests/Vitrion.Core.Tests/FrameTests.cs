using Xunit;

namespace Vitrion.Core.Tests;

public class FrameTests
{
    [Fact]
    public void WithExtra_adds_a_column_and_keeps_everything_else()
    {
        var box = Box.Cubic(10);
        var images = new[] { new Int3(1, 0, 0), new Int3(0, -1, 2) };
        var f = new Frame(box, [new Vec3(1, 2, 3), new Vec3(4, 5, 6)], [7, 9], [0, 1], ["Li", "S4"])
        {
            Step = 42,
            TimeFs = 84,
            Images = images,
            Extra = System.Collections.Immutable.ImmutableDictionary<string, double[]>.Empty.Add("c_pe", [1.5, -2.5]),
        };

        var g = f.WithExtra("c_voro", [20.0, 30.0]);

        Assert.Equal([1.5, -2.5], g.Extra["c_pe"]);
        Assert.Equal([20.0, 30.0], g.Extra["c_voro"]);
        Assert.False(f.Extra.ContainsKey("c_voro")); // the original frame is unchanged
        Assert.Equal(42, g.Step);
        Assert.Equal(84, g.TimeFs);
        Assert.Equal(f.Ids, g.Ids);
        Assert.Equal(f.TypeNames, g.TypeNames);
        Assert.Equal(new Vec3(4, -5, 26), g.UnwrappedPosition(1)); // images travel along: (4,5,6) + (0,−10,20)
        Assert.Throws<ArgumentException>(() => f.WithExtra("bad", [1.0]));
    }
}

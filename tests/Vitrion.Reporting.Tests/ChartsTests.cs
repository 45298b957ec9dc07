using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Reporting.Tests;

public class ChartsTests
{
    [Fact]
    public void WritesAPng()
    {
        string dir = References.TempDir();
        string path = Path.Combine(dir, "c.png");
        Charts.Lines(path, "test", "x [Å]", "y", [new Series("sin", Enumerable.Range(0, 50).Select(i => i * 0.1).ToArray(), Enumerable.Range(0, 50).Select(i => Math.Sin(i * 0.1)).ToArray())]);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(0x89, bytes[0]);
        Assert.Equal((byte)'P', bytes[1]);
    }
}

using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Vitrion.Device;

/// <summary>Where the force field runs.</summary>
public enum DeviceKind
{
    /// <summary>The CPU engine (<c>ArigaForceField</c>).</summary>
    Cpu,

    /// <summary>The device engine on a CUDA GPU (fails when there is none).</summary>
    Gpu,

    /// <summary>The device engine on a CUDA GPU when one is present, else the CPU engine.</summary>
    Auto,

    /// <summary>The device engine on ILGPU's CPU accelerator (the kernels run as .NET threads; slow, for tests and checks without a GPU).</summary>
    CpuAccelerator,
}

/// <summary>One accelerator ILGPU can see.</summary>
/// <param name="Kind">"cpu" or "cuda".</param>
/// <param name="Index">index among the devices of its kind.</param>
/// <param name="Name">the device name.</param>
/// <param name="MemoryBytes">device memory [bytes].</param>
/// <param name="ComputeCapability">CUDA compute capability ("9.0"), empty for the CPU accelerator.</param>
public sealed record DeviceInfo(string Kind, int Index, string Name, long MemoryBytes, string ComputeCapability);

/// <summary>
/// An ILGPU context with one accelerator (the CPU accelerator or a CUDA device), double precision throughout
/// (<see cref="MathMode.Default"/>), algorithms enabled.
/// </summary>
public sealed class DeviceAccelerator : IDisposable
{
    private DeviceAccelerator(Context context, Accelerator accelerator, bool isGpu)
    {
        Context = context;
        Accelerator = accelerator;
        IsGpu = isGpu;
    }

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True for a CUDA device.</summary>
    public bool IsGpu { get; }

    /// <summary>A short description ("cuda 0: NVIDIA H200 (9.0)").</summary>
    public string Description => IsGpu ? $"cuda: {Accelerator.Name}" : $"ILGPU CPU accelerator ({Accelerator.Name})";

    /// <summary>ILGPU's CPU accelerator (kernels run as .NET code on the host's threads).</summary>
    public static DeviceAccelerator CreateCpu()
    {
        var ctx = Context.Create(b => b.CPU().EnableAlgorithms().Math(MathMode.Default));
        return new DeviceAccelerator(ctx, ctx.CreateCPUAccelerator(0), false);
    }

    /// <summary>CUDA device <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">when ILGPU finds no such CUDA device.</exception>
    public static DeviceAccelerator CreateCuda(int index = 0)
    {
        var ctx = Context.Create(b => b.Cuda().EnableAlgorithms().Math(MathMode.Default));
        var devices = ctx.GetCudaDevices();
        if (index >= devices.Count)
        {
            ctx.Dispose();
            throw new InvalidOperationException($"no CUDA device {index} (ILGPU found {devices.Count}; is the NVIDIA driver installed and libcuda.so on the library path?)");
        }

        return new DeviceAccelerator(ctx, ctx.CreateCudaAccelerator(index), true);
    }

    /// <summary>True when ILGPU finds at least one CUDA device.</summary>
    public static bool CudaAvailable()
    {
        try
        {
            using var ctx = Context.Create(b => b.Cuda());
            return ctx.GetCudaDevices().Count > 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>Every accelerator ILGPU finds (the CPU accelerator always; CUDA devices with compute capability and memory).</summary>
    public static IReadOnlyList<DeviceInfo> List()
    {
        var list = new List<DeviceInfo>();
        using (var ctx = Context.Create(b => b.CPU()))
        {
            // ILGPU lists several simulated CPU configurations; they are one accelerator (host memory, no compute capability).
            if (ctx.GetCPUDevices().Count > 0)
            {
                list.Add(new DeviceInfo("cpu", 0, "ILGPU CPU accelerator (kernels as .NET threads, " + Environment.ProcessorCount + " processors)", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, ""));
            }
        }

        try
        {
            using var ctx = Context.Create(b => b.Cuda());
            int k = 0;
            foreach (var d in ctx.GetCudaDevices())
            {
                string cc = d.Architecture is { } a ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{a.Major}.{a.Minor}") : "?";
                list.Add(new DeviceInfo("cuda", k++, d.Name, d.MemorySize, cc));
            }
        }
        catch (Exception)
        {
            // No CUDA driver: only the CPU accelerator.
        }

        return list;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}

using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;

namespace Vitrion.Device;

/// <summary>
/// Chooses the engine for a <see cref="DeviceKind"/>: the CPU <see cref="ArigaForceField"/> or a <see cref="DevicePotential"/>
/// on a CUDA device (or on ILGPU's CPU accelerator). A box the device engine does not support (triclinic, not periodic)
/// falls back to the CPU engine with a note.
/// </summary>
public static class DevicePotentials
{
    private static readonly Lazy<DeviceAccelerator> CudaLazy = new(() => DeviceAccelerator.CreateCuda(0));
    private static readonly Lazy<DeviceAccelerator> CpuLazy = new(DeviceAccelerator.CreateCpu);

    /// <summary>Parses "cpu", "gpu", "auto" or "cpu-accelerator" (case-insensitive).</summary>
    /// <exception cref="InputException">for anything else.</exception>
    public static DeviceKind Parse(string? text) => (text ?? "cpu").Trim().ToLowerInvariant() switch
    {
        "cpu" => DeviceKind.Cpu,
        "gpu" or "cuda" => DeviceKind.Gpu,
        "auto" => DeviceKind.Auto,
        "cpu-accelerator" => DeviceKind.CpuAccelerator,
        var s => throw new InputException($"--device must be cpu, gpu, auto or cpu-accelerator (got '{s}')"),
    };

    /// <summary>The kind <paramref name="kind"/> resolves to on this machine (auto: gpu when ILGPU finds a CUDA device, else cpu).</summary>
    public static DeviceKind Resolve(DeviceKind kind) => kind == DeviceKind.Auto ? (DeviceAccelerator.CudaAvailable() ? DeviceKind.Gpu : DeviceKind.Cpu) : kind;

    /// <summary>The process-wide accelerator of a device kind (created on first use, kept for the life of the process).</summary>
    public static DeviceAccelerator Accelerator(DeviceKind kind) => Resolve(kind) switch
    {
        DeviceKind.Gpu => CudaLazy.Value,
        DeviceKind.CpuAccelerator => CpuLazy.Value,
        _ => throw new ArgumentException("the CPU engine has no accelerator", nameof(kind)),
    };

    /// <summary>Creates the potential for <paramref name="kind"/>.</summary>
    /// <param name="kind">where to run.</param>
    /// <param name="spec">the force field.</param>
    /// <param name="topology">the topology.</param>
    /// <param name="box">the box.</param>
    /// <param name="options">force-field options.</param>
    /// <param name="note">receives a line when the choice differs from the request (fallbacks).</param>
    public static IPotential Create(DeviceKind kind, ForceFieldSpec spec, Topology topology, Box box, ForceFieldOptions options, Action<string>? note = null)
    {
        var resolved = Resolve(kind);
        if (resolved == DeviceKind.Cpu) { return new ArigaForceField(spec, topology, box, options); }
        try
        {
            DeviceNeighborList.CheckBox(box);
        }
        catch (NotSupportedException e)
        {
            note?.Invoke($"device engine not used: {e.Message}; running on the CPU engine");
            return new ArigaForceField(spec, topology, box, options);
        }

        return new DevicePotential(Accelerator(resolved), spec, topology, box, options);
    }
}

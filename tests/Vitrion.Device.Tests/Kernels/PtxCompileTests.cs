using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Vitrion.Device.Kernels;

namespace Vitrion.Device.Tests.Kernels;

/// <summary>
/// Every kernel compiles to PTX (ISA 8.0, loadable on sm_90, the H200) with ILGPU's PTX back end, without a GPU: catches a method or an
/// intrinsic ILGPU cannot translate before the GPU machine does (the numbers themselves are checked on the CPU accelerator).
/// </summary>
public class PtxCompileTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var m in KernelMethods()) { data.Add(m.DeclaringType!.Name + "." + m.Name); }
        return data;
    }

    private static IEnumerable<MethodInfo> KernelMethods() =>
        new[] { typeof(NeighborKernels), typeof(ReverseKernels), typeof(PairKernels), typeof(ThreeBodyKernels), typeof(BondedKernels), typeof(UtilityKernels), typeof(PppmKernels) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetParameters() is { Length: > 1 } ps && ps[0].ParameterType == typeof(Index1D));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void CompilesToDoublePrecisionPtx(string name)
    {
        var method = KernelMethods().Single(m => m.DeclaringType!.Name + "." + m.Name == name);
        using var ctx = Context.Create(b => b.Cuda().EnableAlgorithms().Math(MathMode.Default));
        using var backend = new PTXBackend(ctx, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null);
        var kernel = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(method), KernelSpecialization.Empty);
        string ptx = kernel.PTXAssembly;
        Assert.Contains(".target sm_", ptx); // ILGPU 1.5.3 emits sm_80 code for the 8.0 ISA; the driver JIT-compiles it for sm_90
        Assert.Contains(".entry Kernel_", ptx);
        Assert.DoesNotContain(".f32", ptx); // double precision throughout: no single-precision register or conversion
    }
}

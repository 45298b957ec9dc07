using Vitrion.Core;
using Vitrion.Learning.Features;

namespace Vitrion.Learning.Softness;

/// <summary>Softness of the centre atoms of one frame.</summary>
/// <param name="FrameIndex">index of the frame in the trajectory.</param>
/// <param name="Step">timestep.</param>
/// <param name="Atoms">atom indices in the frame.</param>
/// <param name="Ids">atom ids.</param>
/// <param name="Softness">softness (standardised-feature units; &gt; 0 soft).</param>
public sealed record FrameSoftness(int FrameIndex, long Step, int[] Atoms, int[] Ids, double[] Softness);

/// <summary>Applies a saved model to frames, computing the features with the model's own definition.</summary>
public sealed class SoftnessApplier
{
    private readonly RadialStructureFunctions _rsf;

    /// <summary>Creates the applier.</summary>
    public SoftnessApplier(SoftnessModel model)
    {
        Model = model;
        model.RequireFeatures(model.Features.FeatureNames());
        _rsf = new RadialStructureFunctions(model.Features);
    }

    /// <summary>The model.</summary>
    public SoftnessModel Model { get; }

    /// <summary>Softness of every centre atom of one frame.</summary>
    public FrameSoftness Apply(Frame frame, int frameIndex = 0)
    {
        var ff = _rsf.Compute(frame);
        var s = ff.Values.Select(Model.Softness).ToArray();
        return new FrameSoftness(frameIndex, frame.Step, ff.Centres, ff.Centres.Select(i => frame.Ids[i]).ToArray(), s);
    }

    /// <summary>Softness for a feature matrix whose columns are named (refuses other features).</summary>
    public double[] Apply(IReadOnlyList<string> featureNames, IReadOnlyList<double[]> rows, string? source = null)
    {
        Model.RequireFeatures(featureNames, source);
        return rows.Select(Model.Softness).ToArray();
    }
}

using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Lifetime;

public sealed class BgNbdTests
{
    [SharedDataFact]
    public void Fit_CdnowSample_MatchesPublishedParametersAndLogLikelihood()
    {
        var model = new BgNbd().Fit(CdnowReference.Sample);

        Assert.True(model.Converged);
        Assert.Null(model.BoundaryMessage);
        Assert.Equal(CdnowReference.Number("bgnbd_published", "r"), model.R, 3);
        Assert.Equal(CdnowReference.Number("bgnbd_published", "alpha"), model.Alpha, 3);
        Assert.Equal(CdnowReference.Number("bgnbd_published", "a"), model.A, 3);
        Assert.Equal(CdnowReference.Number("bgnbd_published", "b"), model.B, 3);
        Assert.Equal(-9582.43, model.LogLikelihood, 0.01);
        Assert.All(model.StandardErrors, se => Assert.True(se > 0 && se < 1, $"standard error {se}"));
    }

    [SharedDataFact]
    public void Fit_SummaryCsv_MatchesLifetimesFit()
    {
        var model = new BgNbd().Fit(CdnowReference.SummaryCsv);

        var reference = CdnowReference.Reference.GetProperty("bgnbd_fit_on_summary_csv");
        var p = reference.GetProperty("params");
        Assert.Equal(p.GetProperty("r").GetDouble(), model.R, 1e-5 * model.R);
        Assert.Equal(p.GetProperty("alpha").GetDouble(), model.Alpha, 1e-5 * model.Alpha);
        Assert.Equal(p.GetProperty("a").GetDouble(), model.A, 1e-5 * model.A);
        Assert.Equal(p.GetProperty("b").GetDouble(), model.B, 1e-5 * model.B);
        Assert.Equal(reference.GetProperty("log_likelihood").GetDouble(), model.LogLikelihood, 0.001);
    }
}

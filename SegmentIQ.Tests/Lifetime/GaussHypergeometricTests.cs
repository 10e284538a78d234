using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Tests.Lifetime;

/// <summary>₂F₁ against closed forms (Abramowitz &amp; Stegun 15.1) inside and outside the unit disc.</summary>
public sealed class GaussHypergeometricTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.3)]
    [InlineData(0.95)]
    [InlineData(0.999)]
    [InlineData(-3)]
    [InlineData(-20)]
    public void LogarithmCase_MatchesClosedForm(double z)
    {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z.
        var expected = -Math.Log(1 - z) / z;

        Assert.Equal(expected, GaussHypergeometric.Evaluate(1, 1, 2, z), Math.Abs(expected) * 1e-12);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.95)]
    [InlineData(0.9999)]
    public void ArcsineCase_MatchesClosedForm(double z)
    {
        // ₂F₁(½, ½; 3/2; z) = arcsin(√z) / √z; c − a − b = ½ takes the 1 − z transformation near 1.
        var expected = Math.Asin(Math.Sqrt(z)) / Math.Sqrt(z);

        Assert.Equal(expected, GaussHypergeometric.Evaluate(0.5, 0.5, 1.5, z), expected * 1e-12);
    }

    [Theory]
    [InlineData(-0.64)]
    [InlineData(-4)]
    [InlineData(-100)]
    public void AreaSineCase_OutsideTheUnitDisc_MatchesClosedForm(double z)
    {
        // ₂F₁(½, ½; 3/2; −x²) = arsinh(x) / x.
        var x = Math.Sqrt(-z);
        var expected = Math.Asinh(x) / x;

        Assert.Equal(expected, GaussHypergeometric.Evaluate(0.5, 0.5, 1.5, z), expected * 1e-12);
    }

    [Theory]
    [InlineData(0.3, 2.5, -5)]
    [InlineData(0.3, 2.5, 0.97)]
    [InlineData(1.7, 0.4, -1.5)]
    public void BinomialCase_MatchesClosedForm(double a, double b, double z)
    {
        // ₂F₁(a, b; b; z) = (1 − z)^(−a).
        var expected = Math.Pow(1 - z, -a);

        Assert.Equal(expected, GaussHypergeometric.Evaluate(a, b, b, z), expected * 1e-11);
    }

    [Fact]
    public void AtOne_IsGaussSum()
    {
        // ₂F₁(½, ½; 2; 1) = Γ(2)Γ(1) / Γ(3/2)² = 4/π.
        Assert.Equal(4 / Math.PI, GaussHypergeometric.Evaluate(0.5, 0.5, 2, 1), 1e-12);
    }

    [Fact]
    public void AboveOne_IsNotReal()
    {
        Assert.True(double.IsNaN(GaussHypergeometric.Evaluate(1, 1, 2, 1.5)));
    }
}

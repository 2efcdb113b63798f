namespace DxTrack.Bench.Tests;

public sealed class BenchOptionsTests
{
    const string Root = "/repo";

    [Fact]
    public void Without_arguments_the_full_run_loads_ten_thousand_agencies_and_writes_into_bench()
    {
        var options = BenchOptions.Parse([], Root);

        Assert.False(options.Quick);
        Assert.Equal(10_000, options.Agencies);
        Assert.Equal(30, options.Indicators);
        Assert.Equal(12, options.Months);
        Assert.Equal(10_000, options.FanOutAgencies);
        Assert.True(options.IntakeStepDuration >= TimeSpan.FromSeconds(60), "an intake step runs at least a minute");
        Assert.Equal("/repo/bench", options.OutputFolder);
        Assert.True(options.Runs("intake"));
    }

    [Fact]
    public void Quick_is_small_with_short_steps_and_keeps_the_full_results()
    {
        var options = BenchOptions.Parse(["--quick"], Root);

        Assert.True(options.Quick);
        Assert.Equal(300, options.Agencies);
        Assert.True(options.StepDuration <= TimeSpan.FromSeconds(5));
        Assert.True(options.IntakeStepDuration <= TimeSpan.FromSeconds(5));
        Assert.Equal("/repo/bench/out/quick", options.OutputFolder);
    }

    [Fact]
    public void Only_and_agencies_and_out_are_read()
    {
        var options = BenchOptions.Parse(["--agencies", "500", "--only", "intake, Memory", "--out", "/tmp/x"], Root);

        Assert.Equal(500, options.Agencies);
        Assert.True(options.Runs("intake"));
        Assert.True(options.Runs("memory"));
        Assert.False(options.Runs("dashboard"));
        Assert.Equal("/tmp/x", options.OutputFolder);
    }

    [Theory]
    [InlineData("--only", "intake")]
    [InlineData("--agencies", "2000")]
    public void A_partial_run_keeps_the_full_results(string name, string value)
    {
        var options = BenchOptions.Parse([name, value], Root);

        Assert.Equal("/repo/bench/out/partial", options.OutputFolder);
    }

    [Theory]
    [InlineData("--agencies", "ten", "--agencies")]
    [InlineData("--agencies", "5", "--agencies")]
    [InlineData("--only", "speed", "speed")]
    [InlineData("--fast", null, "--fast")]
    [InlineData("--out", null, "--out")]
    public void A_bad_argument_is_refused_naming_it(string name, string? value, string named)
    {
        string[] args = value is null ? [name] : [name, value];

        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(args, Root));

        Assert.Contains(named, error.Message);
    }
}

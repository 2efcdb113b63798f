using MassTransit;
using MassTransit.RetryPolicies;

namespace DxTrack.Messaging.Tests;

/// <summary>The retry span the README and <see cref="MessagingOptions"/> state is the one the defaults give.</summary>
public sealed class RetryPolicyTests
{
    [Fact]
    public void With_the_defaults_a_failing_message_is_parked_50_to_99_seconds_after_its_first_failure()
    {
        var options = new MessagingOptions();
        // Each policy draws its own random intervals and every wait its own jitter: look at many.
        var spans = Enumerable.Range(0, 500).Select(_ =>
        {
            // The same parameters as the consumers' endpoints get in AddDxMessaging.
            var policy = (ExponentialRetryPolicy)Retry.Exponential(options.RetryLimit, options.RetryMinInterval,
                options.RetryMaxInterval, MessagingOptions.RetryIntervalDelta);
            return Enumerable.Range(0, options.RetryLimit).Sum(n => policy.GetRetryInterval(n).TotalSeconds);
        }).ToList();

        Assert.All(spans, span => Assert.InRange(span, 50, 99));
        Assert.InRange(spans.Average(), 70, 76); // "about 73 s"
    }
}

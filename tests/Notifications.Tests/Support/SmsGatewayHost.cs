using WireMock.Server;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>The service with its HTTP SMS adapter pointed at a WireMock provider the tests control.</summary>
public sealed class SmsGatewayHost : NotificationsHost
{
    public const string Brandname = "SoTTTT";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string ApiKey = "notifications-tests-sms-key";
    /// <summary>How long the service waits for the provider: long enough that a loaded machine never turns a prompt
    /// answer into a timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    public WireMockServer Gateway { get; } = WireMockServer.Start();

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Notifications:Sms:Provider"] = "Http";
        settings["Notifications:Sms:Url"] = $"{Gateway.Url}/sms/send";
        settings["Notifications:Sms:Username"] = "dxtrack";
        settings["Notifications:Sms:Password"] = "secret";
        settings["Notifications:Sms:Brandname"] = Brandname;
        settings["Notifications:Sms:BodyTemplate"] = """{"phone":"{phone}","message":"{text}","brand":"{brandname}"}""";
        settings["Notifications:Sms:ApiKeyHeader"] = ApiKeyHeader;
        settings["Notifications:Sms:ApiKey"] = ApiKey;
        // Shaped like a Vietnamese brand-name gateway's answer: {"status":"success","code":"00","data":{"tranId":…}}.
        settings["Notifications:Sms:SuccessProperty"] = "code";
        settings["Notifications:Sms:SuccessValues:0"] = "00";
        settings["Notifications:Sms:MessageIdProperty"] = "data.tranId";
        settings["Notifications:Sms:Timeout"] = Timeout.ToString();
        settings["Notifications:Policy:RetryDelay"] = "00:01:00";
        settings["Notifications:Policy:MaxRetryDelay"] = "00:10:00";
        settings["Notifications:Policy:MaxAttempts"] = "4";
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // WireMock's first answer is slow while it warms up; the tests' provider must answer within its timeout.
        using var http = new HttpClient();
        await http.GetAsync($"{Gateway.Url}/warm-up");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Gateway.Stop();
        Gateway.Dispose();
    }
}

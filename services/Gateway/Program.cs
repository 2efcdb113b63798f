using DxTrack.Gateway;
using DxTrack.Gateway.ApiKeys;
using DxTrack.Gateway.DashboardPage;
using DxTrack.Gateway.Data;
using DxTrack.Gateway.DevTokens;
using DxTrack.Gateway.OpenApi;
using DxTrack.Gateway.Proxy;
using DxTrack.Messaging;
using DxTrack.Messaging.Audit;
using DxTrack.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDxAuthentication();
builder.AddDxDatabase<GatewayDb>("gatewaydb", requiredForReady: false);   // ready = it answers: the services need no API keys
builder.AddGateway();                 // proxy, API keys, development issuer, limits, CORS, API reference

var app = builder.Build();
app.UseGatewayPipeline();
app.MapDefaultEndpoints();
app.MapDevTokens();
app.MapApiKeys();
app.MapAuditTrail<GatewayDb>("/api/gateway", DxPolicies.Admin);
app.MapApiReference();
app.MapDashboardPage();            // the committee's page at /dashboard/, reading /api/dashboard/**
app.MapGatewayProxy();
app.Run();

public partial class Program;

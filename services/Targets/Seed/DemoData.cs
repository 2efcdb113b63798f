using DxTrack.Contracts;
using DxTrack.Targets.Agencies;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Scheduling;

namespace DxTrack.Targets.Seed;

/// <summary>
/// Bắc Kạn province's plan as discussed at the Steering Committee's first 2023 meeting (7 March 2023): the 2023 plan
/// and the 2022–2025 plan, the four government targets named there, the April 2023 deadline for agencies to complete
/// their task lists and database plans, and the agencies involved. Contacts are fictitious.
/// </summary>
public static class DemoData
{
    public sealed record AgencySeed(string Code, string Name, AgencyKind Kind, string? Parent, string Head, string Mailbox, string Phone);

    public sealed record IndicatorSeed(string Code, string Pillar, string Name, Measure Measure, string? Numerator, string? Denominator,
        decimal? Baseline, decimal Target, ReportingFrequency Frequency, string Lead, string[] Reporters, AgencyKind? ReportingKind);

    public sealed record TaskSeed(string Code, string Title, string Pillar, string Owner, string[] CoOwners, DateOnly Start,
        DateOnly Due, decimal BudgetVnd, string? Funding, bool Urgent);

    public sealed record PlanSeed(string Code, string Title, int StartYear, int EndYear, string[] Consulted, DateOnly ConsultationDeadline,
        DateOnly TargetDate, IndicatorSeed[] Indicators, TaskSeed[] Tasks);

    public const string Committee = "BCD-CDS";

    public static readonly AgencySeed[] Agencies =
    [
        new(Committee, "Ban Chỉ đạo chuyển đổi số tỉnh Bắc Kạn (UBND tỉnh)", AgencyKind.Committee, null, "Nguyễn Đăng Bình", "bcd-cds", "0912000001"),
        new("STTTT", "Sở Thông tin và Truyền thông", AgencyKind.Department, Committee, "Lô Quang Tuyến", "stttt", "0912000002"),
        new("SNV", "Sở Nội vụ", AgencyKind.Department, Committee, "Hoàng Thị Lan", "snv", "0982000003"),
        new("VP-UBND", "Văn phòng UBND tỉnh", AgencyKind.Department, Committee, "Nông Văn Hải", "vpubnd", "0352000004"),
        new("SKHDT", "Sở Kế hoạch và Đầu tư", AgencyKind.Department, Committee, "Triệu Văn Minh", "skhdt", "0762000005"),
        new("STC", "Sở Tài chính", AgencyKind.Department, Committee, "Lường Thị Hoa", "stc", "0862000006"),
        new("SYT", "Sở Y tế", AgencyKind.Department, Committee, "Ma Văn Đức", "syt", "0972000007"),
        new("SGDDT", "Sở Giáo dục và Đào tạo", AgencyKind.Department, Committee, "Hà Thị Thu", "sgddt", "0392000008"),
        new("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", AgencyKind.Department, Committee, "Đinh Văn Quang", "snnptnt", "0562000009"),
        new("SCT", "Sở Công Thương", AgencyKind.Department, Committee, "Bế Thị Ngọc", "sct", "0792000010"),
        new("STP", "Sở Tư pháp", AgencyKind.Department, Committee, "Dương Văn Tùng", "stp", "0832000011"),
        new("CA-TINH", "Công an tỉnh", AgencyKind.Sector, Committee, "Phùng Văn Khánh", "congan", "0942000012"),
        new("BHXH", "Bảo hiểm xã hội tỉnh", AgencyKind.Sector, Committee, "Lý Thị Mai", "bhxh", "0912000013"),
        new("TP-BACKAN", "UBND thành phố Bắc Kạn", AgencyKind.District, Committee, "Hoàng Văn Nam", "tpbackan", "0912000014"),
        new("H-BABE", "UBND huyện Ba Bể", AgencyKind.District, Committee, "Nông Thị Hằng", "babe", "0912000015"),
        new("H-BACHTHONG", "UBND huyện Bạch Thông", AgencyKind.District, Committee, "Lục Văn Thắng", "bachthong", "0912000016"),
        new("H-CHODON", "UBND huyện Chợ Đồn", AgencyKind.District, Committee, "Hà Văn Sơn", "chodon", "0912000017"),
        new("H-CHOMOI", "UBND huyện Chợ Mới", AgencyKind.District, Committee, "Triệu Thị Yến", "chomoi", "0912000018"),
        new("H-NARI", "UBND huyện Na Rì", AgencyKind.District, Committee, "Hoàng Văn Lợi", "nari", "0912000019"),
        new("H-NGANSON", "UBND huyện Ngân Sơn", AgencyKind.District, Committee, "Lâm Thị Hương", "nganson", "0912000020"),
        new("H-PACNAM", "UBND huyện Pác Nặm", AgencyKind.District, Committee, "Đàm Văn Toàn", "pacnam", "0912000021"),
        new("P-NTMK", "UBND phường Nguyễn Thị Minh Khai", AgencyKind.Commune, "TP-BACKAN", "Vi Thị Liên", "p-ntmk", "0912000022"),
        new("TT-CHORA", "UBND thị trấn Chợ Rã", AgencyKind.Commune, "H-BABE", "Hoàng Văn Pháo", "tt-chora", "0912000023"),
        new("X-NAMMAU", "UBND xã Nam Mẫu", AgencyKind.Commune, "H-BABE", "Dương Văn Bắc", "x-nammau", "0912000024"),
        new("TT-PHUTHONG", "UBND thị trấn Phủ Thông", AgencyKind.Commune, "H-BACHTHONG", "Ma Thị Duyên", "tt-phuthong", "0912000025"),
        new("TT-BANGLUNG", "UBND thị trấn Bằng Lũng", AgencyKind.Commune, "H-CHODON", "Lăng Văn Chiến", "tt-banglung", "0912000026"),
        new("TT-DONGTAM", "UBND thị trấn Đồng Tâm", AgencyKind.Commune, "H-CHOMOI", "Nguyễn Thị Hạnh", "tt-dongtam", "0912000027"),
        new("TT-YENLAC", "UBND thị trấn Yến Lạc", AgencyKind.Commune, "H-NARI", "Hoàng Thị Nhung", "tt-yenlac", "0912000028"),
        new("TT-NAPHAC", "UBND thị trấn Nà Phặc", AgencyKind.Commune, "H-NGANSON", "Lý Văn Cường", "tt-naphac", "0912000029"),
        new("X-BOCBO", "UBND xã Bộc Bố", AgencyKind.Commune, "H-PACNAM", "Triệu Văn Thành", "x-bocbo", "0912000030"),
    ];

    static readonly string[] ProvincialOffices = ["STTTT", "SNV", "VP-UBND"];
    static readonly string[] Departments = ["SNV", "VP-UBND", "SKHDT", "STC", "SYT", "SGDDT", "SNNPTNT", "SCT", "STP"];

    static IndicatorSeed[] GovernmentTargets(ReportingFrequency frequency, bool communes) =>
    [
        new("CQS-01", "CQS",
            "100% thủ tục hành chính có đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công của tỉnh",
            Measure.Ratio, "Số TTHC được cung cấp dịch vụ công trực tuyến toàn trình", "Số TTHC có đủ điều kiện",
            null, 100, frequency, "VP-UBND", ["VP-UBND", "STTTT"], null),
        new("CQS-02", "CQS",
            "50% số dịch vụ công trực tuyến toàn trình của tỉnh được tích hợp với Cổng Dịch vụ công quốc gia",
            Measure.Ratio, "Số DVCTT toàn trình tích hợp Cổng Dịch vụ công quốc gia", "Số DVCTT toàn trình của tỉnh",
            null, 50, frequency, "VP-UBND", ["VP-UBND"], null),
        new("CQS-03", "CQS",
            "100% hồ sơ công việc tại cấp tỉnh, huyện, xã được xử lý trên môi trường mạng (trừ hồ sơ bí mật nhà nước)",
            Measure.Percent, null, null, null, 100, frequency, "SNV", ProvincialOffices, AgencyKind.District),
        new("CQS-04", "CQS",
            "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính phát sinh tại Bộ phận một cửa các cấp đạt 100%",
            Measure.Ratio, "Số hồ sơ, kết quả giải quyết TTHC được số hóa", "Số hồ sơ TTHC phát sinh tại Bộ phận một cửa",
            null, 100, frequency, "VP-UBND", ["VP-UBND"], communes ? AgencyKind.Commune : AgencyKind.District),
    ];

    static readonly DateOnly Meeting = new(2023, 3, 7);
    static readonly DateOnly AprilDeadline = new(2023, 4, 30);

    public static readonly PlanSeed[] Plans =
    [
        new("KH-CDS-2022-2025", "Kế hoạch chuyển đổi số tỉnh Bắc Kạn giai đoạn 2022 - 2025", 2022, 2025,
            ["STTTT", "SNV", "VP-UBND", "SKHDT", "STC"], new DateOnly(2023, 3, 31), new DateOnly(2025, 12, 31),
            GovernmentTargets(ReportingFrequency.Annual, communes: false),
            [
                new("NV-2225-01", "Tạo lập các cơ sở dữ liệu chuyên ngành trọng tâm của tỉnh", "CQS", "STTTT",
                    ["SNNPTNT", "SYT", "SGDDT"], new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), 12_000_000_000m,
                    "Ngân sách tỉnh", false),
            ]),
        new("KH-CDS-2023", "Kế hoạch chuyển đổi số tỉnh Bắc Kạn năm 2023", 2023, 2023,
            ["STTTT", "SNV", "VP-UBND", "SKHDT", "STC", "TP-BACKAN", "H-BABE"], new DateOnly(2023, 3, 31), new DateOnly(2023, 12, 31),
            GovernmentTargets(ReportingFrequency.Quarterly, communes: true),
            [
                new("NV-01", "Hoàn thành bổ sung những nhiệm vụ, danh mục cụ thể về chuyển đổi số của cơ quan, đơn vị", "CQS",
                    "STTTT", [.. Departments, "TP-BACKAN", "H-BABE", "H-BACHTHONG", "H-CHODON", "H-CHOMOI", "H-NARI", "H-NGANSON", "H-PACNAM"],
                    Meeting, AprilDeadline, 0m, null, true),
                new("NV-02", "Xây dựng kế hoạch về cơ sở dữ liệu của ngành, lĩnh vực", "CQS", "STTTT",
                    ["SNNPTNT", "SYT", "SGDDT"], Meeting, AprilDeadline, 0m, null, true),
                new("NV-03", "Rà soát tổng thể mục tiêu, hoàn thiện Kế hoạch chuyển đổi số năm 2023, giai đoạn 2022 - 2025 trên cơ sở góp ý của thành viên Ban Chỉ đạo",
                    "CQS", "STTTT", [], Meeting, new DateOnly(2023, 3, 31), 0m, null, true),
                new("NV-04", "Hợp nhất Cổng Thông tin giải quyết thủ tục hành chính của tỉnh", "CQS", "VP-UBND", ["STTTT"],
                    Meeting, new DateOnly(2023, 9, 30), 2_500_000_000m, "Ngân sách tỉnh", true),
                new("NV-05", "Cân đối nguồn lực, bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số năm 2023", "CQS", "STC",
                    ["SKHDT"], Meeting, new DateOnly(2023, 6, 30), 0m, null, false),
                new("NV-06", "Đưa sản phẩm OCOP của tỉnh lên sàn thương mại điện tử, thúc đẩy thanh toán không dùng tiền mặt",
                    "KTS", "SCT", ["STTTT"], new DateOnly(2023, 4, 1), new DateOnly(2023, 12, 31), 800_000_000m, "Ngân sách tỉnh", false),
                new("NV-07", "Phổ cập kỹ năng số cho người dân thông qua tổ công nghệ số cộng đồng", "XHS", "STTTT",
                    ["TP-BACKAN", "H-BABE", "H-PACNAM"], new DateOnly(2023, 4, 1), new DateOnly(2023, 12, 31), 500_000_000m,
                    "Ngân sách tỉnh; xã hội hóa", false),
            ]),
    ];

    public static string Email(AgencySeed a) => $"{a.Mailbox}@backan.example.gov.vn";
}

package org.entryguard.core.rules;

import org.entryguard.core.guard.EntryDecision;

/**
 * Venue types covered by China's minor-protection rules, each with its default {@link MinorPolicy} and the
 * legal basis quoted in decision reasons. Every default can be overridden per venue in {@link VenueRules}.
 */
public enum VenueType {
    /** KTV / song-and-dance entertainment venue: no minors. */
    KTV(MinorPolicy.REFUSE, "no-minors", "歌舞娱乐场所不得接纳未成年人 (娱乐场所管理条例 第二十三条; 未成年人保护法 第五十八条)"),
    /** Bar: no minors. */
    BAR(MinorPolicy.REFUSE, "no-minors", "酒吧不得允许未成年人进入 (未成年人保护法 第五十八条)"),
    /** Internet café: no minors. */
    INTERNET_CAFE(MinorPolicy.REFUSE, "no-minors",
            "互联网上网服务营业场所不得接纳未成年人 (互联网上网服务营业场所管理条例 第二十一条; 未成年人保护法 第五十八条)"),
    /** Game arcade: electronic game machines not offered to minors except on statutory holidays. */
    GAME_ARCADE(MinorPolicy.ALLOW_ON_HOLIDAYS, "minors-holidays-only",
            "除国家法定节假日外，游艺娱乐场所设置的电子游戏机不得向未成年人提供 (娱乐场所管理条例 第二十三条)"),
    /** Hotel: minors may stay; the front desk must complete the guardian "five musts". */
    HOTEL(MinorPolicy.GUARDIAN_WORKFLOW, "guardian-five-musts",
            "接待未成年人入住须履行“五个必须” (未成年人保护法 第五十七条; 公安部旅馆业“五个必须”)"),
    /** E-sports hotel: minors not admitted to e-sports rooms. */
    ESPORTS_HOTEL(MinorPolicy.REFUSE, "no-minors",
            "电竞酒店电竞房间不得接待未成年人 (关于加强电竞酒店管理中未成年人保护工作的通知, 2023)"),
    /**
     * Scripted-entertainment venue (剧本娱乐经营场所: murder-mystery games, escape rooms): minors only on statutory
     * holidays, rest days and school vacations; under-14s only with a parent or guardian; when it is hard to tell
     * whether someone is a minor, ask for ID (never waived, see {@link #idCheckWhenUnclear()}).
     */
    SCRIPTED_ENTERTAINMENT(MinorPolicy.ALLOW_ON_REST_DAYS_AND_VACATIONS, "minors-rest-days-and-vacations",
            "除国家法定节假日、休息日及寒暑假期外，剧本娱乐经营场所不得向未成年人提供剧本娱乐活动 (文化和旅游部等五部门"
                    + "关于加强剧本娱乐经营场所管理的通知, 2022)；不满十四周岁的未成年人应当由父母或者其他监护人陪同；"
                    + "对难以判明是否未成年人的，应当要求其出示身份证件 (剧本娱乐管理暂行规定 征求意见稿, 2023)", 14, true);

    private final MinorPolicy defaultPolicy;
    private final String ruleKey;
    private final String legalBasis;
    private final int guardianAge;
    private final boolean idCheckWhenUnclear;

    VenueType(MinorPolicy defaultPolicy, String ruleKey, String legalBasis) {
        this(defaultPolicy, ruleKey, legalBasis, 0, false);
    }

    VenueType(MinorPolicy defaultPolicy, String ruleKey, String legalBasis, int guardianAge, boolean idCheckWhenUnclear) {
        this.defaultPolicy = defaultPolicy;
        this.ruleKey = ruleKey;
        this.legalBasis = legalBasis;
        this.guardianAge = guardianAge;
        this.idCheckWhenUnclear = idCheckWhenUnclear;
    }

    /** Below this age a minor is admitted only with a parent or guardian, even when minors are admitted; 0 for none. */
    public int guardianAge() { return guardianAge; }

    /**
     * Whether the rule itself says "when it is hard to tell whether someone is a minor, ask for ID": the challenge
     * band then stays {@link Decision#CHECK_ID} with a staff check even at times when minors are admitted.
     */
    public boolean idCheckWhenUnclear() { return idCheckWhenUnclear; }

    /** The policy for minors unless overridden. */
    public MinorPolicy defaultPolicy() { return defaultPolicy; }

    /** Short rule key used in {@link EntryDecision#ruleApplied()} together with the venue name. */
    public String ruleKey() { return ruleKey; }

    /** The rule and its legal source, in the words of the regulation. */
    public String legalBasis() { return legalBasis; }
}

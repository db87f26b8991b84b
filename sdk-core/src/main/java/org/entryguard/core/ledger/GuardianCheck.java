package org.entryguard.core.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * The hotel front desk's record of the guardian "five musts" (公安部旅馆业接待未成年人“五个必须”) for a minor
 * guest. All five must be fulfilled for {@link VisitLedger#completeGuardianCheck} to accept it.
 *
 * @param identityVerified 1. 必须查验入住未成年人身份，并如实登记报送相关信息: the minor's identity was checked and registered
 * @param guardianContact 2. 必须询问未成年人的父母或者其他监护人的联系方式，并记录备查: the guardian's name and phone
 * @param coOccupants 3. 必须询问同住人员身份关系等情况，并记录备查: who stays with the minor and their relationship
 *                    ("none" when alone)
 * @param patrolArranged 4. 必须加强安全巡查和访客管理: extra patrols and visitor control arranged
 * @param suspicionHandled 5. 必须立即向公安机关报告可疑情况: the situation was assessed, and anything suspicious
 *                         reported to the police and the guardian
 * @param notes free text, e.g. the police report number; may be empty
 * @param staffId who completed the check
 */
public record GuardianCheck(boolean identityVerified, String guardianContact, String coOccupants,
                            boolean patrolArranged, boolean suspicionHandled, String notes, String staffId) {

    /** The musts not yet fulfilled, in order; empty when the record is complete. */
    public List<String> missing() {
        List<String> m = new ArrayList<>(5);
        if (!identityVerified) {
            m.add("1 verify and register the minor's identity (查验身份)");
        }
        if (guardianContact == null || guardianContact.isBlank()) {
            m.add("2 record the guardian's contact (监护人联系方式)");
        }
        if (coOccupants == null || coOccupants.isBlank()) {
            m.add("3 record co-occupants and their relationship (同住人员身份关系)");
        }
        if (!patrolArranged) {
            m.add("4 arrange patrols and visitor control (安全巡查)");
        }
        if (!suspicionHandled) {
            m.add("5 assess and report suspicious circumstances (报告可疑情况)");
        }
        if (staffId == null || staffId.isBlank()) {
            m.add("staff id");
        }
        return m;
    }
}

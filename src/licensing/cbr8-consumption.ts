/**
 * cBR-8 license counting (seed 000:118-124, 000:572-588, 000:1020-1023).
 */
import { InvalidArgumentError } from '../errors.js';

/** Short entitlement tags printed by the cBR-8 agent (`regid.2014-11.com.cisco.<tag>,1.0_<uuid>`). */
export const CBR8_ENTITLEMENTS = {
  upstream: 'US_License',
  downstream: 'DS_License',
  wan: 'WAN_License',
} as const;

/** The DOCSIS 3.1 downstream entitlement (000:124, 000:1020). */
export const DOCSIS31_DOWNSTREAM_ENTITLEMENT = 'DOCSIS 3.1 Downstream Channel License';

/** LCHA: one license for each working line card protected by the protect line card (000:118). */
export function lchaLicenses(protectedWorkingLineCards: number): number {
  if (!Number.isInteger(protectedWorkingLineCards) || protectedWorkingLineCards < 0) {
    throw new InvalidArgumentError('protectedWorkingLineCards', `must be a whole number ≥ 0, got ${protectedWorkingLineCards}`);
  }
  return protectedWorkingLineCards;
}

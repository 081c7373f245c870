import { closestName, didYouMean } from '../../../src/online/did-you-mean';

describe('didYouMean', () => {
  it('suggests the same name in another case, or one a typo away', () => {
    expect(didYouMean('corp_ad', ['CORP_AD', 'LAB_AD'])).toBe('; did you mean "CORP_AD"?');
    expect(didYouMean('CORP-AD', ['CORP_AD'])).toBe('; did you mean "CORP_AD"?');
    expect(didYouMean('something else', ['CORP_AD'])).toBe('');
  });

  // Audit B of 2026-12-02: a Cyrillic look-alike got a suggestion that read exactly like the name given.
  it('points out a character beyond ASCII that the suggestion does not have', () => {
    expect(didYouMean('D\u0435fault', ['Default', 'Lab'])).toBe(
      '; did you mean "Default"? (the name given holds U+0435 at character 2, not the ASCII character it may look like)',
    );
    expect(didYouMean('C\u041ERP\u2010AD', ['CORP-AD'])).toBe(
      '; did you mean "CORP-AD"? (the name given holds U+041E at character 2, U+2010 at character 5, not the ASCII character it may look like)',
    );
  });

  it('says nothing of characters the suggestion has too', () => {
    expect(didYouMean('Zürich-vpn', ['Zürich-VPN'])).toBe('; did you mean "Zürich-VPN"?');
    expect(closestName('zürich-vpn', ['Zürich-VPN'])).toBe('Zürich-VPN');
  });
});

import type { ThemeConfig } from 'antd';

/** A restrained, official look: the blue of a government portal, square-ish corners, system fonts. */
export const brandBlue = '#0b5cad';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: brandBlue,
    colorInfo: brandBlue,
    colorLink: brandBlue,
    borderRadius: 4,
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif',
    colorBgLayout: '#f3f5f8',
    // Ant Design's secondary text (45 % black) is 4.0:1 on the layout grey; WCAG AA needs 4.5:1.
    colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.5)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    // Status colours dark enough for text on their own pale backgrounds (tags, alerts): ≥ 4.5:1.
    colorSuccess: '#237804',
    colorWarning: '#ad6800',
    colorError: '#cf1322',
    colorSuccessBg: '#f0f8ec',
    colorWarningBg: '#fff8ea',
    colorErrorBg: '#fff2f1',
    colorSuccessBorder: '#b7dca6',
    colorWarningBorder: '#f0d39c',
    colorErrorBorder: '#f2b8b5',
    colorSuccessText: '#1f6b04',
    colorWarningText: '#8a5300',
    colorErrorText: '#b0101d',
  },
  components: {
    Layout: {
      headerBg: brandBlue,
      headerHeight: 56,
      headerPadding: '0 16px',
      siderBg: '#ffffff',
      triggerBg: '#e8eef6',
      triggerColor: brandBlue,
    },
    Menu: { itemSelectedBg: '#e6eef8', itemSelectedColor: brandBlue },
  },
};

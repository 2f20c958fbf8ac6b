import type { ThemeConfig } from 'antd';

/** A restrained, official look: the blue of a government portal, square-ish corners, system fonts. */
export const brandBlue = '#0b5cad';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: brandBlue,
    colorInfo: brandBlue,
    colorLink: brandBlue,
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif',
    colorBgLayout: '#f3f5f8',
  },
  components: {
    Layout: { headerBg: brandBlue, headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff', triggerBg: '#e8eef6', triggerColor: brandBlue },
    Menu: { itemSelectedBg: '#e6eef8', itemSelectedColor: brandBlue },
  },
};

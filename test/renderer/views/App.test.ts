import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import App from '../../../src/renderer/src/App.vue'
import { createFakeApi, fail } from '../helpers/fake-api'
import { datasetView } from '../helpers/fixtures'
import { MISSING_API } from '../../../src/renderer/src/state/missing-api'

function installApi(): ReturnType<typeof createFakeApi> {
  const fake = createFakeApi(
    {
      'dataset:list': () => [],
      'run:list': () => [],
      'model:list': () => [],
      'dataset:open-example': (name) => datasetView(`ex-${name}`, name),
    },
    (file) => fail(`${file.name}: line 2 has 3 fields, expected 5`),
  )
  window.api = fake.api
  return fake
}

afterEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

describe('App', () => {
  it('loads the first example on first launch and shows it in the Data view', async () => {
    const fake = installApi()
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    expect(fake.callsOf('dataset:open-example')).toEqual([['spirals']])
    expect(wrapper.get('[data-test=dataset-name]').text()).toBe('spirals')
    expect(wrapper.get('[data-test=current-dataset]').text()).toBe('spirals')
    expect(wrapper.findAll('[data-test=preview-row]')).toHaveLength(2)
    wrapper.unmount()
  })

  it('shows a refused dropped file in a banner and keeps the previous dataset', async () => {
    installApi()
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    const file = new File(['a,b\n1,2,3'], 'bad.csv')
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as DragEvent
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], types: ['Files'] } })
    wrapper.get('.frame').element.dispatchEvent(drop)
    await flushPromises()
    const banner = wrapper.get('[data-test=banner]')
    expect(banner.attributes('role')).toBe('alert')
    expect(banner.text()).toContain('Could not open bad.csv')
    expect(banner.text()).toContain('line 2 has 3 fields, expected 5')
    expect(wrapper.get('[data-test=dataset-name]').text()).toBe('spirals')
    await wrapper.get('[data-test=dismiss]').trigger('click')
    expect(wrapper.find('[data-test=banner]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('navigates between sections from the sidebar', async () => {
    installApi()
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    const nav = wrapper.findAll('nav button')
    await nav[1].trigger('click')
    expect(wrapper.get('main h2').text()).toBe('Model')
    expect(wrapper.find('[data-test=train]').exists()).toBe(true)
    await nav[3].trigger('click')
    expect(wrapper.find('[data-test=start-compare]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('without window.api (no preload) renders and says once why nothing works', async () => {
    ;(window as Partial<Window>).api = undefined
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    const banners = wrapper.findAll('[data-test=banner]')
    expect(banners).toHaveLength(1)
    expect(banners[0].text()).toContain(MISSING_API)
    expect(wrapper.get('h1').text()).toBe('Backprop Studio')
    wrapper.unmount()
  })
})

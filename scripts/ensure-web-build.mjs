console.log('web build check later')
